#pragma once

// SplitMix64 (Steele, Lea and Flood, 2014): a tiny generator that Python reproduces in a few
// lines, so that the examples and their PyTorch references make the very same data.
#include <cstdint>

namespace examples {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // In [0, n) (with the slight modulo bias, which the Python twin shares).
  int64_t below(int64_t n) { return static_cast<int64_t>(next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_;
};

}  // namespace examples
