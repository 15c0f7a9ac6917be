// Each test writes a broken safetensors file byte by byte and checks that loading it, from the
// file and from memory, throws SafetensorsError naming the problem (and the tensor), instead of
// reading out of bounds or returning garbage.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <xgrad/xgrad.hpp>

#include "serialization_helpers.hpp"

using namespace xgrad;
using xgrad::testing::error_of;
using xgrad::testing::TempDir;
using xgrad::testing::write_bytes;

namespace {

std::string u64_le(uint64_t value) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xffu));
  return out;
}

// A file: the header's length, the header (padded with spaces to 8 bytes) and `data`.
std::string file_bytes(std::string header, const std::string& data) {
  header.append((8 - header.size() % 8) % 8, ' ');
  return u64_le(header.size()) + header + data;
}

// One F32 entry: "name":{"dtype":"F32","shape":shape,"data_offsets":offsets}.
std::string f32(const std::string& name, const std::string& shape, const std::string& offsets) {
  return "\"" + name + R"(":{"dtype":"F32","shape":)" + shape + R"(,"data_offsets":)" + offsets +
         "}";
}

// Loads `bytes` from a file and from memory; both must throw SafetensorsError containing
// `expected`, the file's message starting with the path.
void check_refused(const std::string& bytes, const std::string& expected) {
  TempDir dir;
  const auto path = dir / "bad.safetensors";
  write_bytes(path, bytes);
  const std::string from_file = error_of<SafetensorsError>([&] { load(path); });
  INFO("load(file) said: " << from_file);
  CHECK(from_file.find("xgrad::load(\"" + path.string() + "\"): ") == 0);
  CHECK(from_file.find(expected) != std::string::npos);
  const std::string from_memory = error_of<SafetensorsError>([&] { from_safetensors(bytes); });
  INFO("from_safetensors said: " << from_memory);
  CHECK(from_memory.find("from_safetensors(): ") == 0);
  CHECK(from_memory.find(expected) != std::string::npos);
}

const std::string kEightBytes(8, '\0');  // the data of two float32 values

}  // namespace

TEST_CASE("safetensors_refuses_an_empty_file") {
  check_refused("", "has 0 bytes, fewer than the 8 of the header length");
}

TEST_CASE("safetensors_refuses_a_file_shorter_than_the_header_length") {
  check_refused(std::string("\x10\0\0", 3), "has 3 bytes, fewer than the 8 of the header length");
}

TEST_CASE("safetensors_refuses_a_header_length_larger_than_the_file") {
  check_refused(u64_le(64) + "{}      ",
                "the header length 64 is larger than the 8 bytes that follow it");
}

TEST_CASE("safetensors_refuses_a_header_length_over_the_100_MB_cap") {
  check_refused(u64_le(100'000'001) + "{}      ",
                "the header length 100000001 exceeds the limit of 100000000 bytes");
  check_refused(u64_le(UINT64_MAX) + "{}      ",
                "the header length 18446744073709551615 exceeds the limit");
}

TEST_CASE("safetensors_refuses_a_header_that_is_not_json") {
  check_refused(file_bytes(R"({"w":{"dtype":"F32",)", ""), "the header is not valid JSON");
  check_refused(file_bytes("\xff\xfe garbage", ""), "the header is not valid JSON");
  check_refused(file_bytes("{" + f32("w", "[1e400]", "[0,4]") + "}", std::string(4, '\0')),
                "the header is not valid JSON: [json.exception.out_of_range.406] number overflow");
}

TEST_CASE("safetensors_refuses_a_header_with_invalid_utf8") {
  check_refused(file_bytes("{\"w\xc3\x28\":{}}", ""), "the header is not valid JSON");
}

TEST_CASE("safetensors_refuses_a_header_that_is_not_an_object") {
  check_refused(file_bytes("[1, 2]", ""), "the header is array, not a JSON object");
}

TEST_CASE("safetensors_refuses_a_header_nested_deeper_than_128_levels") {
  check_refused(file_bytes(R"({"w":)" + std::string(200, '[') + std::string(200, ']') + "}", ""),
                "the header nests JSON values deeper than 128 levels");
}

TEST_CASE("safetensors_error_messages_stay_short_whatever_the_header_holds") {
  const std::string long_name(100'000, 'n');
  const std::string nested = "[[[[1]]],\"" + std::string(10'000, 'x') + "\",2,3,4,5,6,7,8,9]";
  check_refused(file_bytes("{\"" + long_name + "\":" + nested + "}", ""),
                ": its header entry is [[[...]],\"" + std::string(36, 'x') +
                    "...,2,3,4,5,6,7,...], not an object");
  TempDir dir;
  write_bytes(dir / "bad.safetensors", file_bytes("{\"" + long_name + "\":" + nested + "}", ""));
  CHECK(error_of<SafetensorsError>([&] { load(dir / "bad.safetensors"); }).size() < 600);
}

TEST_CASE("safetensors_refuses_duplicate_keys") {
  check_refused(file_bytes("{" + f32("w", "[1]", "[0,4]") + "," + f32("w", "[1]", "[4,8]") + "}",
                           kEightBytes),
                "the header has the key \"w\" twice");
  check_refused(
      file_bytes(R"({"w":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}})",
                 std::string(4, '\0')),
      "the header has the key \"dtype\" twice");
}

TEST_CASE("safetensors_refuses_an_entry_that_is_not_an_object") {
  check_refused(file_bytes(R"({"w":[0, 4]})", ""),
                "tensor \"w\": its header entry is [0,4], not an object");
}

TEST_CASE("safetensors_refuses_an_entry_without_dtype") {
  check_refused(file_bytes(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", std::string(4, '\0')),
                "tensor \"w\": its header entry has no \"dtype\"");
}

TEST_CASE("safetensors_refuses_an_entry_without_shape") {
  check_refused(file_bytes(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", std::string(4, '\0')),
                "tensor \"w\": its header entry has no \"shape\"");
}

TEST_CASE("safetensors_refuses_an_entry_without_data_offsets") {
  check_refused(file_bytes(R"({"w":{"dtype":"F32","shape":[1]}})", std::string(4, '\0')),
                "tensor \"w\": its header entry has no \"data_offsets\"");
}

TEST_CASE("safetensors_refuses_a_dtype_xgrad_cannot_hold_and_says_which") {
  check_refused(file_bytes(R"({"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}})",
                           std::string(4, '\0')),
                "tensor \"w\" has dtype \"BF16\", which xgrad cannot load (it loads F32, F64, I64 "
                "and BOOL only)");
  check_refused(
      file_bytes(R"({"ids":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}})", kEightBytes),
      "tensor \"ids\" has dtype \"I32\", which xgrad cannot load");
}

TEST_CASE("safetensors_refuses_an_unknown_dtype") {
  check_refused(
      file_bytes(R"({"w":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}})", std::string(4, '\0')),
      "tensor \"w\" has the unknown dtype \"F31\"");
  check_refused(
      file_bytes(R"({"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", std::string(4, '\0')),
      "tensor \"w\": \"dtype\" is 32, not a string");
}

TEST_CASE("safetensors_refuses_a_negative_size_in_a_shape") {
  check_refused(file_bytes("{" + f32("w", "[2,-1]", "[0,8]") + "}", kEightBytes),
                "tensor \"w\": its shape [2,-1] has the negative number -1");
}

TEST_CASE("safetensors_refuses_a_non_integer_shape") {
  check_refused(file_bytes("{" + f32("w", "[1.5]", "[0,8]") + "}", kEightBytes),
                "tensor \"w\": its shape [1.5] has 1.5, which is not a non-negative integer");
  check_refused(file_bytes("{" + f32("w", "[\"2\"]", "[0,8]") + "}", kEightBytes),
                "tensor \"w\": its shape [\"2\"] has \"2\", which is not a non-negative integer");
  check_refused(file_bytes("{" + f32("w", "2", "[0,8]") + "}", kEightBytes),
                "tensor \"w\": \"shape\" is 2, not a list");
}

TEST_CASE("safetensors_refuses_a_size_beyond_what_xgrad_shapes_hold") {
  check_refused(file_bytes("{" + f32("w", "[9223372036854775808,0]", "[0,0]") + "}", ""),
                "tensor \"w\": its shape [9223372036854775808,0] has 9223372036854775808, which is "
                "too large");
}

TEST_CASE("safetensors_refuses_a_shape_whose_size_overflows") {
  // 2^32 * 2^32 elements: the product wraps around to 0 in 64 bits, matching data_offsets [0, 0]
  // for a reader that does not check.
  check_refused(
      file_bytes("{" + f32("w", "[4294967296,4294967296]", "[0,0]") + "}", ""),
      "tensor \"w\": its shape [4294967296,4294967296] has more bytes than a 64-bit count holds");
  // 2^62 float32 elements: the count fits, its bytes do not.
  check_refused(file_bytes("{" + f32("w", "[4611686018427387904]", "[0,0]") + "}", ""),
                "has more bytes than a 64-bit count holds");
}

TEST_CASE("safetensors_refuses_an_empty_shape_whose_other_sizes_overflow") {
  // No element and no byte, but 2^63-1 * 6 overflows the signed 64-bit strides of the tensor.
  check_refused(file_bytes("{" + f32("w", "[0,9223372036854775807,6]", "[0,0]") + "}", ""),
                "tensor \"w\": its shape [0,9223372036854775807,6] has sizes whose product, zeros "
                "aside, does not fit a 64-bit count");
  // Sizes that multiply within the limit still load.
  const StateDict loaded =
      from_safetensors(file_bytes("{" + f32("w", "[0,2147483648,2147483648]", "[0,0]") + "}", ""));
  CHECK(loaded.at("w").sizes() == Sizes({0, int64_t{1} << 31, int64_t{1} << 31}));
}

TEST_CASE("safetensors_refuses_data_offsets_that_are_not_two_counts") {
  check_refused(file_bytes("{" + f32("w", "[1]", "[0]") + "}", std::string(4, '\0')),
                "tensor \"w\": \"data_offsets\" is [0], not a list [begin, end]");
  check_refused(file_bytes("{" + f32("w", "[1]", "[-4,0]") + "}", std::string(4, '\0')),
                "tensor \"w\": its data_offsets has the negative number -4");
}

TEST_CASE("safetensors_refuses_data_offsets_that_end_before_they_begin") {
  check_refused(file_bytes("{" + f32("w", "[0]", "[8,4]") + "}", kEightBytes),
                "tensor \"w\": its data_offsets [8, 4] end before they begin");
}

TEST_CASE("safetensors_refuses_data_offsets_past_the_end_of_a_truncated_file") {
  const std::string whole =
      file_bytes("{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[4]", "[8,24]") + "}",
                 std::string(24, '\0'));
  check_refused(
      whole.substr(0, whole.size() - 5),
      "tensor \"b\": its data_offsets [8, 24] run past the end of the data section (19 bytes; is "
      "the file truncated?)");
  check_refused(
      file_bytes("{" + f32("w", "[2]", "[18446744073709551608,18446744073709551616]") + "}", ""),
      "tensor \"w\": its data_offsets has 1.8446744073709552e+19, which is not a non-negative "
      "integer");
}

TEST_CASE("safetensors_refuses_a_shape_whose_byte_size_differs_from_its_data_offsets") {
  check_refused(
      file_bytes("{" + f32("w", "[2,3]", "[0,20]") + "}", std::string(20, '\0')),
      "tensor \"w\": shape [2,3] of F32 needs 24 bytes, but its data_offsets [0, 20] hold 20");
}

TEST_CASE("safetensors_refuses_overlapping_tensors") {
  check_refused(file_bytes("{" + f32("a", "[4]", "[0,16]") + "," + f32("b", "[4]", "[8,24]") + "}",
                           std::string(24, '\0')),
                "tensors \"a\" (data_offsets [0, 16]) and \"b\" (data_offsets [8, 24]) overlap");
  // The same bytes claimed twice.
  check_refused(file_bytes("{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[2]", "[0,8]") + "}",
                           kEightBytes),
                "tensors \"a\" (data_offsets [0, 8]) and \"b\" (data_offsets [0, 8]) overlap");
}

TEST_CASE("safetensors_refuses_a_hole_between_tensors") {
  check_refused(
      file_bytes("{" + f32("a", "[2]", "[0,8]") + "," + f32("b", "[2]", "[12,20]") + "}",
                 std::string(20, '\0')),
      "the 4 bytes before tensor \"b\" (data_offsets [12, 20]) belong to no tensor, after tensor "
      "\"a\"; tensors must be contiguous");
  check_refused(file_bytes("{" + f32("b", "[2]", "[4,12]") + "}", std::string(12, '\0')),
                "the 4 bytes before tensor \"b\" (data_offsets [4, 12]) belong to no tensor;");
}

TEST_CASE("safetensors_refuses_bytes_after_the_last_tensor") {
  check_refused(
      file_bytes("{" + f32("a", "[2]", "[0,8]") + "}", std::string(9, '\0')),
      "the data section has 9 bytes but its tensors cover 8; the last 1 bytes belong to no tensor");
  check_refused(file_bytes("{}", "x"), "the data section has 1 bytes but its tensors cover 0");
}

TEST_CASE("safetensors_refuses_metadata_that_is_not_strings") {
  check_refused(file_bytes(R"({"__metadata__":{"epoch":3}})", ""),
                "\"__metadata__\" must map strings to strings, but \"epoch\" is 3");
  check_refused(file_bytes(R"({"__metadata__":"pt"})", ""),
                "\"__metadata__\" is \"pt\", not an object");
}
