#pragma once

// Training checkpoints as one safetensors file: the model's, optimizer's and scheduler's
// state_dicts side by side under prefixes ("model.", "optimizer.", "scheduler."), plus the
// step, the global generator's state and the run's settings as metadata.
//
// A checkpoint is written to PATH.tmp, flushed, then renamed over PATH, so that a crash while
// writing leaves the previous checkpoint intact. For the tests, the environment variable
// XGRAD_EXAMPLES_CRASH_AFTER_TMP=1 makes the program die right after writing PATH.tmp.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

namespace examples {

// Copies `from`'s tensors and metadata into `into`, each name prefixed.
inline void put_prefixed(xgrad::StateDict& into, const std::string& prefix,
                         const xgrad::StateDict& from) {
  for (const auto& [name, tensor] : from) into.insert(prefix + name, tensor);
  for (const auto& [key, value] : from.metadata()) into.metadata()[prefix + key] = value;
}

// The tensors and metadata of `from` whose names start with `prefix`, the prefix removed.
inline xgrad::StateDict take_prefixed(const xgrad::StateDict& from, const std::string& prefix) {
  xgrad::StateDict out;
  for (const auto& [name, tensor] : from)
    if (name.rfind(prefix, 0) == 0) out.insert(name.substr(prefix.size()), tensor);
  for (const auto& [key, value] : from.metadata())
    if (key.rfind(prefix, 0) == 0) out.metadata()[key.substr(prefix.size())] = value;
  return out;
}

// The state of the global generator behind manual_seed, as text, and back.
inline std::string generator_state() {
  std::ostringstream out;
  xgrad::detail::with_generator([&](std::mt19937_64& engine) { out << engine; });
  return out.str();
}
inline void set_generator_state(const std::string& state) {
  std::istringstream in(state);
  std::mt19937_64 engine;
  if (!(in >> engine)) throw std::runtime_error("the generator state is garbled");
  xgrad::detail::with_generator([&](std::mt19937_64& global) { global = engine; });
}

// Writes `bytes` to `path` through path.tmp and a rename.
inline void write_atomically(const std::filesystem::path& path, const std::string& bytes) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw std::runtime_error("cannot write checkpoint " + tmp.string());
  }
  if (const char* crash = std::getenv("XGRAD_EXAMPLES_CRASH_AFTER_TMP"); crash && *crash == '1')
    std::_Exit(99);  // dies as a killed process would: no cleanup, no rename
  std::error_code error;
  std::filesystem::rename(tmp, path, error);
  if (error)
    throw std::runtime_error("cannot rename " + tmp.string() + " to " + path.string() + ": " +
                             error.message());
}

inline void save_checkpoint(const xgrad::StateDict& checkpoint, const std::filesystem::path& path) {
  write_atomically(path, xgrad::to_safetensors(checkpoint));
}

// Reads a checkpoint; throws std::runtime_error naming the file when it is missing or corrupt.
inline xgrad::StateDict load_checkpoint(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path))
    throw std::runtime_error("--resume " + path.string() + ": no such checkpoint file");
  try {
    return xgrad::load(path);
  } catch (const std::exception& e) {
    throw std::runtime_error("--resume " + path.string() +
                             ": not a readable safetensors checkpoint (" + e.what() + ")");
  }
}

// The metadata entry `key` of a checkpoint; throws naming the file when it is absent.
inline const std::string& checkpoint_entry(const xgrad::StateDict& checkpoint,
                                           const std::string& key, const std::string& path) {
  const auto found = checkpoint.metadata().find(key);
  if (found == checkpoint.metadata().end())
    throw std::runtime_error("--resume " + path + ": not a checkpoint of this program (no '" + key +
                             "' entry)");
  return found->second;
}

// std::vector<double> <-> 1-D float64 tensor, for loss histories.
inline xgrad::Tensor history_tensor(const std::vector<double>& values) {
  xt::xarray<double> array = xt::zeros<double>({values.size()});
  std::copy(values.begin(), values.end(), array.begin());
  return xgrad::tensor(std::move(array));
}
inline std::vector<double> history_values(const xgrad::Tensor& tensor) {
  const xt::xarray<double> array = tensor.to_xarray<double>();
  return std::vector<double>(array.begin(), array.end());
}

}  // namespace examples
