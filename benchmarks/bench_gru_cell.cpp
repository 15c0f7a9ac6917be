// GRUCell forward, forward + backward and no-grad forward on xgrad, float32.
#include <benchmark/benchmark.h>

#include <xgrad/xgrad.hpp>

#include "gru_cell_cases.hpp"

using namespace xgrad;

namespace {

struct Case {
  explicit Case(const benchmark::State& state)
      : cell(state.range(1), state.range(2)),
        input(randn({state.range(0), state.range(1)})),
        hx(randn({state.range(0), state.range(2)})) {}
  nn::GRUCell cell;
  Tensor input, hx;
};

// `passes` counts the GEMM work in forward-pass units: forward 1, weight gradients 1,
// input/hx gradients 1.
void report_flops(benchmark::State& state, double passes) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      passes * bench::gru_cell_forward_flops(state.range(0), state.range(1), state.range(2)) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate);
}

void BM_GRUCellForward(benchmark::State& state) {
  Case c(state);
  for (auto _ : state) benchmark::DoNotOptimize(c.cell(c.input, c.hx));
  report_flops(state, 1);
}

void BM_GRUCellForwardNoGrad(benchmark::State& state) {
  Case c(state);
  NoGradGuard no_grad;
  for (auto _ : state) benchmark::DoNotOptimize(c.cell(c.input, c.hx));
  report_flops(state, 1);
}

// Gradients reach the parameters only (input and hx are data).
void BM_GRUCellForwardBackward(benchmark::State& state) {
  Case c(state);
  for (auto _ : state) {
    c.cell(c.input, c.hx).sum().backward();
    c.cell.zero_grad();
  }
  report_flops(state, 2);  // forward, and the weight gradients
}

// Gradients reach the parameters, the input and hx.
void BM_GRUCellForwardBackwardAllInputs(benchmark::State& state) {
  Case c(state);
  c.input.requires_grad_();
  c.hx.requires_grad_();
  for (auto _ : state) {
    c.cell(c.input, c.hx).sum().backward();
    c.cell.zero_grad();
    c.input.zero_grad();
    c.hx.zero_grad();
  }
  report_flops(state, 3);
}

}  // namespace

BENCHMARK(BM_GRUCellForward)->Apply(bench::gru_cell_sizes);
BENCHMARK(BM_GRUCellForwardNoGrad)->Apply(bench::gru_cell_sizes);
BENCHMARK(BM_GRUCellForwardBackward)->Apply(bench::gru_cell_sizes);
BENCHMARK(BM_GRUCellForwardBackwardAllInputs)->Apply(bench::gru_cell_sizes);
