// safetensors files with int64 (I64) and bool (BOOL) tensors: read from PyTorch's bytes
// (golden/torch_int64_bool.safetensors, written by golden/make_safetensors_golden.py), written
// and read back bit for bit.
#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <xgrad/xgrad.hpp>

using namespace xgrad;

TEST_CASE("safetensors_reads_int64_and_bool_tensors_written_from_pytorch") {
  const StateDict sd = load(std::string(XGRAD_GOLDEN_DIR) + "/torch_int64_bool.safetensors");
  const Tensor ids = sd.at("ids"), weight = sd.at("weight"), mask = sd.at("mask");
  CHECK(ids.dtype() == kInt64);
  CHECK(ids.data<int64_t>() ==
        xt::xarray<int64_t>{
            {-3, 0}, {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}});
  CHECK(weight.data<float>() == xt::xarray<float>{0.5f, -1.5f});
  CHECK(mask.dtype() == kBool);
  CHECK(mask.data<bool>() == xt::xarray<bool>{true, false, true});
}

TEST_CASE("safetensors_round_trips_int64_and_bool_tensors") {
  StateDict sd;
  sd.insert("mask", tensor({{true, false}, {false, true}}));
  sd.insert("ids", tensor({std::numeric_limits<int64_t>::min(), int64_t{7}}));
  sd.insert("empty", zeros({0, 3}, kBool));
  sd.insert("w", tensor({1.5, 2.5}));
  const std::string bytes = to_safetensors(sd);
  CHECK(bytes.find("\"dtype\":\"I64\"") != std::string::npos);
  CHECK(bytes.find("\"dtype\":\"BOOL\"") != std::string::npos);
  const StateDict back = from_safetensors(bytes);
  CHECK(back.at("mask").data<bool>() == sd.at("mask").data<bool>());
  CHECK(back.at("ids").data<int64_t>() == sd.at("ids").data<int64_t>());
  CHECK(back.at("empty").dtype() == kBool);
  CHECK(back.at("empty").sizes() == Sizes{0, 3});
  CHECK(back.at("w").data<float>() == sd.at("w").data<float>());
  CHECK(to_safetensors(back) == bytes);
}

TEST_CASE("safetensors_reads_a_bool_byte_other_than_0_or_1_as_true") {
  std::string header = R"({"m":{"dtype":"BOOL","shape":[3],"data_offsets":[0,3]}})";
  header += std::string((8 - header.size() % 8) % 8, ' ');
  std::string bytes(8, '\0');
  bytes[0] = static_cast<char>(header.size());
  bytes += header + std::string("\x00\x02\xff", 3);
  CHECK(from_safetensors(bytes).at("m").data<bool>() == xt::xarray<bool>{false, true, true});
}
