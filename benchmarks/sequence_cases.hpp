#pragma once

// The whole-sequence training cases (issue 16) every sequence benchmark runs, xgrad's and
// libtorch's alike: cell (0 GRU, 1 LSTM, 2 RNN with tanh) times (T, B, I, H) = (steps, batch,
// input_size, hidden_size).
#include <benchmark/benchmark.h>

#include <cstdint>

namespace bench {

enum SequenceCell : int64_t { kSequenceGRU, kSequenceLSTM, kSequenceRNN };

inline const char* sequence_cell_name(int64_t cell) {
  return cell == kSequenceGRU ? "GRU" : cell == kSequenceLSTM ? "LSTM" : "RNN";
}

inline int64_t sequence_gates(int64_t cell) {
  return cell == kSequenceGRU ? 3 : cell == kSequenceLSTM ? 4 : 1;
}

inline void sequence_sizes(benchmark::internal::Benchmark* b) {
  for (int64_t cell : {kSequenceGRU, kSequenceLSTM, kSequenceRNN}) {
    b->Args({cell, 25, 1, 32, 32});
    b->Args({cell, 50, 32, 16, 128});
    b->Args({cell, 100, 64, 64, 256});
    b->Args({cell, 50, 64, 512, 512});
  }
  b->ArgNames({"cell", "T", "B", "I", "H"});
  b->Unit(benchmark::kMillisecond);
}

// The GEMM floating-point operations of one training step (forward and backward) of one layer:
// the input projection, the recurrent product, dh per step, dX, dW_ih and dW_hh, each
// 2 * T * B * gates * H * (I or H).
inline double sequence_gemm_flops(int64_t cell, int64_t steps, int64_t batch, int64_t input,
                                  int64_t hidden) {
  const double rows = static_cast<double>(steps) * static_cast<double>(batch);
  const double gates = static_cast<double>(sequence_gates(cell) * hidden);
  return 2.0 * rows * gates * 3.0 * static_cast<double>(input + hidden);
}

}  // namespace bench
