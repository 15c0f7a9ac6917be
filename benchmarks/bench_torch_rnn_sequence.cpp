// The whole-sequence training step of bench_rnn_sequence.cpp on libtorch (torch::nn::GRU, LSTM,
// RNN), at 1 thread (OpenMP and OpenBLAS) and at 2; the issue asks for the faster of the two
// (run with OMP_WAIT_POLICY=passive so that the two pools do not spin against each other).
// Built only when CMake finds Torch.
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <torch/torch.h>

#include <functional>

#include "sequence_cases.hpp"

namespace {

// The layer's forward, giving its output sequence.
std::function<torch::Tensor(const torch::Tensor&)> make_layer(int64_t cell, int64_t input,
                                                              int64_t hidden) {
  if (cell == bench::kSequenceGRU) {
    torch::nn::GRU gru(torch::nn::GRUOptions(input, hidden));
    return [gru](const torch::Tensor& x) mutable { return std::get<0>(gru->forward(x)); };
  }
  if (cell == bench::kSequenceLSTM) {
    torch::nn::LSTM lstm(torch::nn::LSTMOptions(input, hidden));
    return [lstm](const torch::Tensor& x) mutable { return std::get<0>(lstm->forward(x)); };
  }
  torch::nn::RNN rnn(torch::nn::RNNOptions(input, hidden));
  return [rnn](const torch::Tensor& x) mutable { return std::get<0>(rnn->forward(x)); };
}

void BM_TorchSequenceTrainingStep(benchmark::State& state) {
  const int64_t cell = state.range(0), steps = state.range(1), batch = state.range(2),
                input = state.range(3), hidden = state.range(4);
  const int threads = static_cast<int>(state.range(5));
  const int torch_threads = torch::get_num_threads(), blas_threads = openblas_get_num_threads();
  torch::set_num_threads(threads);
  openblas_set_num_threads(threads);
  torch::manual_seed(0);
  const auto layer = make_layer(cell, input, hidden);
  const torch::Tensor inputs = torch::randn({steps, batch, input}).requires_grad_();
  for (auto _ : state) {
    layer(inputs).sum().backward();
  }
  torch::set_num_threads(torch_threads);
  openblas_set_num_threads(blas_threads);
  state.counters["GEMM_GFLOP/s"] =
      benchmark::Counter(bench::sequence_gemm_flops(cell, steps, batch, input, hidden) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(bench::sequence_cell_name(cell));
}

void torch_sequence_sizes(benchmark::internal::Benchmark* b) {
  for (int64_t cell : {bench::kSequenceGRU, bench::kSequenceLSTM, bench::kSequenceRNN}) {
    for (int64_t threads : {1, 2}) {
      b->Args({cell, 25, 1, 32, 32, threads});
      b->Args({cell, 50, 32, 16, 128, threads});
      b->Args({cell, 100, 64, 64, 256, threads});
      b->Args({cell, 50, 64, 512, 512, threads});
    }
  }
  b->ArgNames({"cell", "T", "B", "I", "H", "threads"});
  b->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_TorchSequenceTrainingStep)->Apply(torch_sequence_sizes);
