// safetensors interop with PyTorch, both ways (golden/make_safetensors_golden.py says how the
// files were made and how to regenerate them):
// - state_dicts of torch.nn.GRUCell and torch.nn.GRU, written from PyTorch, load into xgrad's
//   modules, which then compute torch's outputs;
// - the GRUCell file that xgrad writes is committed, and the script's --check mode loads it into
//   torch and checks that torch computes xgrad's outputs.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <xgrad/xgrad.hpp>

#include "fixture.hpp"
#include "serialization_helpers.hpp"
#include "test_helpers.hpp"

using namespace xgrad;
using xgrad::testing::allclose;
using xgrad::testing::Fixture;
using xgrad::testing::identical;
using xgrad::testing::read_bytes;

namespace {

std::string golden(const std::string& file) {
  return std::string(XGRAD_GOLDEN_DIR) + "/" + file;
}

void check_gru_cell_from_pytorch(const std::string& name, Dtype dtype, double tolerance) {
  const Fixture io("safetensors_torch_io.json");
  nn::GRUCell cell(5, 7, /*bias=*/true, Device("cpu"), dtype);
  const nn::IncompatibleKeys keys = load(cell, golden(name + ".safetensors"));
  CHECK(keys.missing_keys.empty());
  CHECK(load(golden(name + ".safetensors")).at("weight_hh").dtype() == dtype);
  const Tensor h1 = cell(io.tensor(name + "/x", dtype), io.tensor(name + "/h0", dtype));
  CHECK(allclose(h1, io.tensor(name + "/h1"), tolerance, tolerance));
}

void check_gru_from_pytorch(const std::string& name, Dtype dtype, double tolerance) {
  const Fixture io("safetensors_torch_io.json");
  nn::GRU gru(nn::GRUOptions(4, 6).num_layers(2).dtype(dtype));
  load(gru, golden(name + ".safetensors"));
  const auto [output, h_n] = gru(io.tensor(name + "/x", dtype), io.tensor(name + "/h0", dtype));
  CHECK(allclose(output, io.tensor(name + "/output"), tolerance, tolerance));
  CHECK(allclose(h_n, io.tensor(name + "/h_n"), tolerance, tolerance));
}

// Values from a formula, exact in float32, so that the file's bytes are the same everywhere.
Tensor pattern(const Shape& shape, int step) {
  auto values = xt::xarray<float>::from_shape(std::vector<size_t>(shape.begin(), shape.end()));
  for (size_t i = 0; i < values.size(); ++i) {
    values.data()[i] =
        static_cast<float>(static_cast<int>((i * static_cast<size_t>(step)) % 61) - 30) / 64.0f;
  }
  return tensor(std::move(values));
}

}  // namespace

TEST_CASE("gru_cell_loaded_from_pytorch_safetensors_computes_torch_outputs_float32") {
  check_gru_cell_from_pytorch("torch_gru_cell_float32", kFloat32, 1e-5);
}

TEST_CASE("gru_cell_loaded_from_pytorch_safetensors_computes_torch_outputs_float64") {
  check_gru_cell_from_pytorch("torch_gru_cell_float64", kFloat64, 1e-12);
}

TEST_CASE("two_layer_gru_loaded_from_pytorch_safetensors_computes_torch_outputs_float32") {
  check_gru_from_pytorch("torch_gru_float32", kFloat32, 1e-5);
}

TEST_CASE("two_layer_gru_loaded_from_pytorch_safetensors_computes_torch_outputs_float64") {
  check_gru_from_pytorch("torch_gru_float64", kFloat64, 1e-12);
}

// With XGRAD_REGENERATE_GOLDEN set, writes the files instead of only checking them.
TEST_CASE("xgrad_saves_the_committed_interop_file") {
  nn::GRUCell cell(4, 3);
  {
    NoGradGuard no_grad;
    int step = 7;
    for (Tensor& p : cell.parameters()) p.copy_(pattern(p.sizes(), step++));
  }
  const Tensor x = pattern({2, 4}, 11), h0 = pattern({2, 3}, 13);
  const Tensor h1 = cell(x, h0).detach();
  const std::string state_path = golden("xgrad_gru_cell.safetensors");
  const std::string io_path = golden("xgrad_gru_cell_io.safetensors");
  if (std::getenv("XGRAD_REGENERATE_GOLDEN")) {
    save(cell, state_path);
    save(StateDict{{"x", x}, {"h0", h0}, {"h1", h1}}, io_path);
    MESSAGE("wrote " << state_path << " and " << io_path);
  }
  CHECK(read_bytes(state_path) == to_safetensors(cell.state_dict()));
  const StateDict io = load(io_path);
  CHECK(io.keys() == std::vector<std::string>{"x", "h0", "h1"});
  CHECK(identical(io.at("x"), x));
  CHECK(identical(io.at("h0"), h0));
  CHECK(allclose(io.at("h1"), h1, 1e-6, 1e-6));
}
