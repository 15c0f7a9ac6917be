#pragma once

// The GRUCell sizes every GRUCell benchmark runs, xgrad's and libtorch's alike:
// (batch, input_size, hidden_size).
#include <benchmark/benchmark.h>

namespace bench {

inline void gru_cell_sizes(benchmark::internal::Benchmark* b) {
  b->Args({3, 10, 20});
  b->Args({1, 32, 32});
  b->Args({16, 64, 128});
  b->Args({64, 256, 256});
  b->Args({128, 512, 512});
  b->Args({256, 1024, 1024});
  b->ArgNames({"batch", "input", "hidden"});
  b->Unit(benchmark::kMicrosecond);
}

// Floating-point operations of one GRUCell forward: the two gemms dominate.
inline double gru_cell_forward_flops(int64_t batch, int64_t input, int64_t hidden) {
  return 2.0 * static_cast<double>(batch) * 3.0 * static_cast<double>(hidden) *
         static_cast<double>(input + hidden);
}

}  // namespace bench
