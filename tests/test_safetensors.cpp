#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

#include "serialization_helpers.hpp"

using namespace xgrad;
using xgrad::testing::error_of;
using xgrad::testing::identical;
using xgrad::testing::read_bytes;
using xgrad::testing::TempDir;
using xgrad::testing::write_bytes;

namespace {

std::string bytes_of(const std::vector<int>& values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

// The header length and JSON header of safetensors bytes.
nlohmann::ordered_json header_of(const std::string& bytes, uint64_t* length = nullptr) {
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i)
    n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
  if (length) *length = n;
  return nlohmann::ordered_json::parse(bytes.substr(8, n));
}

// Every kind of tensor the format holds: float32 and float64, 0-d, empty, names with dots,
// and values that must survive bit for bit (NaN, infinities, -0, subnormals).
StateDict varied_tensors() {
  manual_seed(0);
  Tensor special = randn({2, 4});
  float* v = special.data<float>().data();
  v[0] = std::numeric_limits<float>::quiet_NaN();
  v[1] = std::numeric_limits<float>::infinity();
  v[2] = -std::numeric_limits<float>::infinity();
  v[3] = -0.0f;
  v[4] = std::numeric_limits<float>::denorm_min();
  StateDict sd{{"layer.0.weight", special},
               {"scalar", tensor(1.25, kFloat64)},
               {"empty", zeros({0})},
               {"empty.2d", zeros({2, 0}, kFloat64)},
               {"layer.0.bias", randn({3}, kFloat64)},
               {"cube", randn({2, 3, 4})}};
  sd.metadata()["format"] = "pt";
  sd.metadata()["note"] = "h\xc3\xa9llo";
  return sd;
}

struct Model : nn::Module {
  Model() : nn::Module("Model") {}
  std::shared_ptr<nn::GRUCell> cell = register_module("cell", std::make_shared<nn::GRUCell>(2, 5));
  std::shared_ptr<nn::Linear> head = register_module("head", std::make_shared<nn::Linear>(5, 1));
};

}  // namespace

TEST_CASE("safetensors_bytes_match_the_reference_implementation") {
  // The expected bytes are those of the reference implementation's own tests
  // (huggingface/safetensors, safetensors/src/tensor.rs: test_serialization, test_empty,
  // test_serialization_forced_alignement).
  const Tensor values = arange(6.0).to(kFloat32);
  CHECK(to_safetensors(StateDict{{"attn.0", values.reshape({1, 2, 3})}}) ==
        bytes_of({64, 0,  0,   0,   0,   0,   0,   0,   123, 34,  97,  116, 116, 110, 46,  48,
                  34, 58, 123, 34,  100, 116, 121, 112, 101, 34,  58,  34,  70,  51,  50,  34,
                  44, 34, 115, 104, 97,  112, 101, 34,  58,  91,  49,  44,  50,  44,  51,  93,
                  44, 34, 100, 97,  116, 97,  95,  111, 102, 102, 115, 101, 116, 115, 34,  58,
                  91, 48, 44,  50,  52,  93,  125, 125, 0,   0,   0,   0,   0,   0,   128, 63,
                  0,  0,  0,   64,  0,   0,   64,  64,  0,   0,   128, 64,  0,   0,   160, 64}));
  CHECK(to_safetensors(StateDict{{"attn0", values.reshape({1, 1, 2, 3})}}) ==
        bytes_of({72,  0,   0,   0,   0,   0,   0,   0,   123, 34, 97, 116, 116, 110, 48,
                  34,  58,  123, 34,  100, 116, 121, 112, 101, 34, 58, 34,  70,  51,  50,
                  34,  44,  34,  115, 104, 97,  112, 101, 34,  58, 91, 49,  44,  49,  44,
                  50,  44,  51,  93,  44,  34,  100, 97,  116, 97, 95, 111, 102, 102, 115,
                  101, 116, 115, 34,  58,  91,  48,  44,  50,  52, 93, 125, 125, 32,  32,
                  32,  32,  32,  32,  32,  0,   0,   0,   0,   0,  0,  128, 63,  0,   0,
                  0,   64,  0,   0,   64,  64,  0,   0,   128, 64, 0,  0,   160, 64}));
  CHECK(to_safetensors(StateDict()) ==
        bytes_of({8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32}));
  StateDict with_metadata;
  with_metadata.metadata()["framework"] = "pt";
  CHECK(to_safetensors(with_metadata) ==
        bytes_of({40,  0,   0,   0,  0,  0,  0,   0,   123, 34,  95,  95,  109, 101, 116, 97,
                  100, 97,  116, 97, 95, 95, 34,  58,  123, 34,  102, 114, 97,  109, 101, 119,
                  111, 114, 107, 34, 58, 34, 112, 116, 34,  125, 125, 32,  32,  32,  32,  32}));
}

TEST_CASE("safetensors_round_trip_keeps_every_tensor_bit_for_bit") {
  const StateDict sd = varied_tensors();
  const std::string bytes = to_safetensors(sd);
  const StateDict back = from_safetensors(bytes);

  REQUIRE(back.size() == sd.size());
  for (const auto& entry : sd) {
    const std::string& name = entry.first;  // not a structured binding: INFO captures it
    INFO(name);
    REQUIRE(back.contains(name));
    CHECK(identical(back.at(name), entry.second));
    CHECK_FALSE(back.at(name).requires_grad());
  }
  CHECK(back.metadata() == sd.metadata());
  CHECK(back.at("scalar").dim() == 0);
  CHECK(back.at("empty.2d").sizes() == Sizes({2, 0}));
  CHECK(to_safetensors(back) == bytes);
}

TEST_CASE("safetensors_puts_float64_first_and_aligns_every_tensor") {
  const std::string bytes = to_safetensors(varied_tensors());
  uint64_t length = 0;
  const auto header = header_of(bytes, &length);
  CHECK(length % 8 == 0);
  CHECK(bytes.substr(8 + header.dump().size(), length - header.dump().size())
            .find_first_not_of(' ') == std::string::npos);
  std::vector<std::string> names;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") continue;
    names.push_back(name);
    const uint64_t width = info["dtype"] == "F64" ? 8 : 4;
    CHECK(info["data_offsets"][0].get<uint64_t>() % width == 0);
  }
  CHECK(names == std::vector<std::string>{"scalar", "empty.2d", "layer.0.bias", "layer.0.weight",
                                          "empty", "cube"});
  CHECK(from_safetensors(bytes).keys() == names);
}

TEST_CASE("safetensors_reader_accepts_unpadded_headers_and_any_key_order") {
  // MLX writes no padding; other writers order keys by name rather than by offset.
  const std::string header =
      R"({"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"__metadata__":{"k":"v"},)"
      R"("a":{"data_offsets":[0,4],"shape":[],"dtype":"F32"}})";
  std::string bytes(8, '\0');
  bytes[0] = static_cast<char>(header.size());
  const float a = 1.5f, b = -2.0f;
  bytes += header + std::string(reinterpret_cast<const char*>(&a), 4) +
           std::string(reinterpret_cast<const char*>(&b), 4);
  const StateDict sd = from_safetensors(bytes);
  CHECK(sd.keys() == std::vector<std::string>{"a", "b"});
  CHECK(sd.at("a").item<float>() == 1.5f);
  CHECK(sd.at("b").sizes() == Sizes({1}));
  CHECK(sd.at("b").item<float>() == -2.0f);
  CHECK(sd.metadata().at("k") == "v");
}

TEST_CASE("save_and_load_round_trip_a_file") {
  TempDir dir;
  const StateDict sd = varied_tensors();
  save(sd, dir / "varied.safetensors");
  CHECK(read_bytes(dir / "varied.safetensors") == to_safetensors(sd));
  const StateDict back = load(dir / "varied.safetensors");
  REQUIRE(back.size() == sd.size());
  for (const auto& [name, t] : sd) CHECK(identical(back.at(name), t));
  CHECK(back.metadata() == sd.metadata());
}

TEST_CASE("save_replaces_an_existing_file_and_leaves_no_temporary_file") {
  TempDir dir;
  write_bytes(dir / "m.safetensors", "old contents that are much longer than the new file ...");
  save(StateDict{{"w", ones({2})}}, dir / "m.safetensors");
  CHECK(identical(load(dir / "m.safetensors").at("w"), ones({2})));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);
}

TEST_CASE("save_into_a_missing_directory_throws_naming_the_path") {
  TempDir dir;
  const auto path = dir / "no/such/dir/m.safetensors";
  const std::string message = error_of<std::runtime_error>([&] {
    save(StateDict{{"w", ones({2})}}, path);
  });
  CHECK(message.find(path.string()) != std::string::npos);
  CHECK(message.find("cannot open the file for writing") != std::string::npos);
}

TEST_CASE("save_refuses_a_tensor_named_like_the_metadata_key_and_writes_nothing") {
  TempDir dir;
  const std::string message = error_of<std::invalid_argument>([&] {
    save(StateDict{{"__metadata__", ones({1})}}, dir / "m.safetensors");
  });
  CHECK(message == "cannot save a tensor named \"__metadata__\": safetensors reserves that key");
  CHECK_FALSE(std::filesystem::exists(dir / "m.safetensors"));
}

TEST_CASE("load_of_a_missing_file_or_a_directory_throws_naming_the_path") {
  TempDir dir;
  const auto missing = dir / "missing.safetensors";
  const std::string message = error_of<std::runtime_error>([&] { load(missing); });
  CHECK(message.find("xgrad::load(\"" + missing.string() + "\"): cannot open the file") == 0);
  CHECK(error_of<std::runtime_error>([&] { load(dir.path()); }).find("it is a directory") !=
        std::string::npos);
}

TEST_CASE("save_and_load_a_module_reproduce_its_outputs") {
  TempDir dir;
  manual_seed(1);
  Model trained;
  save(trained, dir / "model.safetensors");
  manual_seed(2);
  Model fresh;
  const Tensor x = randn({4, 2});
  CHECK_FALSE(identical(fresh.head->forward(fresh.cell->forward(x)),
                        trained.head->forward(trained.cell->forward(x))));

  const nn::IncompatibleKeys keys = load(fresh, dir / "model.safetensors");

  CHECK(keys.missing_keys.empty());
  CHECK(keys.unexpected_keys.empty());
  CHECK(identical(fresh.head->forward(fresh.cell->forward(x)),
                  trained.head->forward(trained.cell->forward(x))));
  CHECK(load(dir / "model.safetensors").keys() == trained.state_dict().keys());
}

TEST_CASE("load_into_a_module_reports_keys_the_file_lacks") {
  TempDir dir;
  save(nn::GRUCell(2, 5, /*bias=*/false), dir / "no_bias.safetensors");
  nn::GRUCell cell(2, 5);
  CHECK(error_of<std::runtime_error>([&] { load(cell, dir / "no_bias.safetensors"); }) ==
        "Error(s) in loading state_dict for GRUCell:\n"
        "\tMissing key(s) in state_dict: \"bias_ih\", \"bias_hh\". ");
  const nn::IncompatibleKeys keys = load(cell, dir / "no_bias.safetensors", /*strict=*/false);
  CHECK(keys.missing_keys == std::vector<std::string>{"bias_ih", "bias_hh"});
}
