#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "xgrad/framework/state_dict.hpp"

// Tensor dictionaries to and from the safetensors format
// (https://github.com/huggingface/safetensors), which PyTorch users read and write with the
// `safetensors` package:
//   8 bytes     N, the header's length, an unsigned little-endian 64-bit integer
//   N bytes     a JSON object (padded with spaces to a multiple of 8 bytes) mapping each name
//               to {"dtype": "F32" | "F64", "shape": [...], "data_offsets": [begin, end]}, and
//               the optional key "__metadata__" to an object of strings
//   the rest    the tensors' values, row-major and little-endian; each tensor's data_offsets
//               count from the start of this section, and the tensors tile it exactly
namespace xgrad {

// A file or buffer that breaks the format. The message says what is wrong and names the tensor
// concerned; nothing outside the buffer is read before the error is found.
class SafetensorsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The longest JSON header accepted, as in the reference implementation (100 MB).
inline constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

// The safetensors bytes of `tensors`: float64 tensors first and then float32 ones (so that
// every value is aligned to its size), each group in the StateDict's order, and the StateDict's
// metadata as "__metadata__". Throws std::invalid_argument for a tensor named "__metadata__" or
// a name that is not valid UTF-8.
std::string to_safetensors(const StateDict& tensors);

// Reads safetensors bytes (from xgrad, PyTorch or any other writer) into new tensors that
// require no grad, in the order of their data, with the "__metadata__" strings as metadata.
// Every length, offset and shape is checked before any value is read; throws SafetensorsError
// for a truncated buffer, a header that is too long, not JSON, not an object or has duplicate
// keys, an entry without dtype/shape/data_offsets, a dtype other than F32 and F64, a shape that
// is not a list of non-negative integers, whose nonzero sizes multiply past 2^63 - 1 (even
// with a zero size), or whose byte size overflows or differs from its
// data_offsets, offsets outside the data, and tensors that overlap or leave bytes uncovered.
StateDict from_safetensors(std::string_view bytes);

// Writes to_safetensors(tensors) to `path`: into a temporary file beside it, then renamed over
// `path`, so that a failed save leaves no partial file. Throws std::runtime_error naming the
// path when the file cannot be written.
void save(const StateDict& tensors, const std::filesystem::path& path);

// Reads a safetensors file as from_safetensors does, reading only the header and the tensors'
// bytes. Throws std::runtime_error when the file cannot be opened, SafetensorsError (its
// message beginning with the path) when its contents break the format.
StateDict load(const std::filesystem::path& path);

}  // namespace xgrad
