// Feeds arbitrary bytes to the safetensors reader. Refusing them is fine (any std exception);
// crashing is not. Two oracles go further than "no crash":
// - reading the bytes from a file (xgrad::load) and from memory (from_safetensors) agree;
// - whatever loads saves again, and the saved bytes load back to the same tensors and metadata
//   and save again to the very same bytes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <xgrad/xgrad.hpp>

#include "../serialization_helpers.hpp"

namespace {

using xgrad::StateDict;

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz_safetensors finding: %s\n", what.c_str());
  std::abort();
}

// The tensors and metadata, or nothing when the reader refused the input.
template <typename Read>
std::optional<StateDict> read_or_refuse(Read read) {
  try {
    return read();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Order aside (to_safetensors puts float64 tensors first), the same names, tensors and metadata.
bool same_contents(const StateDict& a, const StateDict& b) {
  if (a.size() != b.size() || a.metadata() != b.metadata()) return false;
  for (const auto& [name, tensor] : a) {
    if (!b.contains(name) || !xgrad::testing::identical(tensor, b.at(name))) return false;
  }
  return true;
}

std::optional<StateDict> load_through_file(std::string_view bytes) {
  static const xgrad::testing::TempDir dir;
  const auto path = dir / "input.safetensors";
  xgrad::testing::write_bytes(path, std::string(bytes));
  return read_or_refuse([&] { return xgrad::load(path); });
}

std::string save_or_report(const StateDict& tensors, const char* which) {
  try {
    return xgrad::to_safetensors(tensors);
  } catch (const std::exception& e) {
    finding(std::string("to_safetensors refused ") + which + ": " + e.what());
  }
}

void check_round_trip(const StateDict& loaded) {
  const std::string saved = save_or_report(loaded, "what from_safetensors accepted");
  const auto reloaded = read_or_refuse([&] { return xgrad::from_safetensors(saved); });
  if (!reloaded) finding("from_safetensors refused what to_safetensors wrote");
  if (!same_contents(loaded, *reloaded)) finding("a save/load round trip changed the contents");
  if (save_or_report(*reloaded, "a reloaded file") != saved) {
    finding("saving the reloaded tensors gave different bytes");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto from_memory = read_or_refuse([&] { return xgrad::from_safetensors(bytes); });
  const auto from_file = load_through_file(bytes);
  if (from_memory.has_value() != from_file.has_value()) {
    finding(from_memory ? "load(file) refused what from_safetensors accepted"
                        : "from_safetensors refused what load(file) accepted");
  }
  if (!from_memory) return 0;
  if (!same_contents(*from_memory, *from_file)) {
    finding("load(file) and from_safetensors read different contents");
  }
  check_round_trip(*from_memory);
  return 0;
}
