// The same GRUCell cases on libtorch, in the same binary as xgrad's, so that ratios come from
// one run on one machine. Built only when CMake finds Torch.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "gru_cell_cases.hpp"

namespace {

struct TorchCase {
  explicit TorchCase(const benchmark::State& state)
      : cell(torch::nn::GRUCellOptions(state.range(1), state.range(2))),
        input(torch::randn({state.range(0), state.range(1)})),
        hx(torch::randn({state.range(0), state.range(2)})) {}
  torch::nn::GRUCell cell;
  torch::Tensor input, hx;
};

// `passes` counts the GEMM work in forward-pass units: forward 1, weight gradients 1,
// input/hx gradients 1.
void report_flops(benchmark::State& state, double passes) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      passes * bench::gru_cell_forward_flops(state.range(0), state.range(1), state.range(2)) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate);
}

void BM_TorchGRUCellForward(benchmark::State& state) {
  TorchCase c(state);
  for (auto _ : state) benchmark::DoNotOptimize(c.cell(c.input, c.hx));
  report_flops(state, 1);
}

void BM_TorchGRUCellForwardNoGrad(benchmark::State& state) {
  TorchCase c(state);
  torch::NoGradGuard no_grad;
  for (auto _ : state) benchmark::DoNotOptimize(c.cell(c.input, c.hx));
  report_flops(state, 1);
}

void BM_TorchGRUCellForwardBackward(benchmark::State& state) {
  TorchCase c(state);
  for (auto _ : state) {
    c.cell(c.input, c.hx).sum().backward();
    c.cell->zero_grad();
  }
  report_flops(state, 2);  // forward, and the weight gradients
}

void BM_TorchGRUCellForwardBackwardAllInputs(benchmark::State& state) {
  TorchCase c(state);
  c.input.requires_grad_();
  c.hx.requires_grad_();
  for (auto _ : state) {
    c.cell(c.input, c.hx).sum().backward();
    c.cell->zero_grad();
    c.input.mutable_grad().reset();
    c.hx.mutable_grad().reset();
  }
  report_flops(state, 3);
}

}  // namespace

BENCHMARK(BM_TorchGRUCellForward)->Apply(bench::gru_cell_sizes);
BENCHMARK(BM_TorchGRUCellForwardNoGrad)->Apply(bench::gru_cell_sizes);
BENCHMARK(BM_TorchGRUCellForwardBackward)->Apply(bench::gru_cell_sizes);
BENCHMARK(BM_TorchGRUCellForwardBackwardAllInputs)->Apply(bench::gru_cell_sizes);
