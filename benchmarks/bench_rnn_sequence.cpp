// Whole-sequence training steps (issue 16): forward over a (T, B, I) sequence, then
// output.sum().backward() with gradients to every parameter and to the input; and, as the floor,
// the GEMMs of that step alone with the same shapes and flags. The GEMM GFLOP/s counter of both
// says how close the step comes to the GEMMs' own throughput.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>
#include <xgrad/framework/detail/blas.hpp>
#include <xgrad/xgrad.hpp>

#include "sequence_cases.hpp"

using namespace xgrad;

namespace {

std::shared_ptr<nn::Module> make_layer(int64_t cell, int64_t input, int64_t hidden) {
  if (cell == bench::kSequenceGRU) return std::make_shared<nn::GRU>(input, hidden);
  if (cell == bench::kSequenceLSTM) return std::make_shared<nn::LSTM>(input, hidden);
  return std::make_shared<nn::RNN>(input, hidden);
}

Tensor output_of(nn::Module& layer, int64_t cell, const Tensor& inputs) {
  if (cell == bench::kSequenceGRU) return std::get<0>(static_cast<nn::GRU&>(layer)(inputs));
  if (cell == bench::kSequenceLSTM) return std::get<0>(static_cast<nn::LSTM&>(layer)(inputs));
  return std::get<0>(static_cast<nn::RNN&>(layer)(inputs));
}

void set_gemm_counter(benchmark::State& state) {
  state.counters["GEMM_GFLOP/s"] =
      benchmark::Counter(bench::sequence_gemm_flops(state.range(0), state.range(1), state.range(2),
                                                    state.range(3), state.range(4)) *
                             1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(bench::sequence_cell_name(state.range(0)));
}

void BM_SequenceTrainingStep(benchmark::State& state) {
  const int64_t cell = state.range(0), steps = state.range(1), batch = state.range(2),
                input = state.range(3), hidden = state.range(4);
  manual_seed(0);
  const std::shared_ptr<nn::Module> layer = make_layer(cell, input, hidden);
  const Tensor inputs = randn({steps, batch, input}).requires_grad_();
  for (auto _ : state) {
    output_of(*layer, cell, inputs).sum().backward();
  }
  set_gemm_counter(state);
}

// C = op(A) op(B) + beta C through the same BLAS entry point as the fused layers.
void gemm(bool ta, bool tb, int m, int n, int k, const std::vector<float>& a,
          const std::vector<float>& b, std::vector<float>& c, float beta = 0) {
  detail::blas_gemm(ta, tb, m, n, k, a.data(), ta ? m : k, b.data(), tb ? k : n, beta, c.data(), n);
}

void BM_SequenceGemmsAlone(benchmark::State& state) {
  const int cell = static_cast<int>(state.range(0)), steps = static_cast<int>(state.range(1)),
            batch = static_cast<int>(state.range(2)), input = static_cast<int>(state.range(3)),
            hidden = static_cast<int>(state.range(4));
  const int rows = steps * batch, gates = static_cast<int>(bench::sequence_gates(cell)) * hidden;
  auto buffer = [](int a, int b) { return std::vector<float>(static_cast<size_t>(a) * b, 0.01f); };
  const std::vector<float> x = buffer(rows, input), w_ih = buffer(gates, input),
                           w_hh = buffer(gates, hidden), h_prev = buffer(rows, hidden);
  std::vector<float> gx = buffer(rows, gates), gh = buffer(batch, gates),
                     dh = buffer(batch, hidden), d_gates = buffer(rows, gates),
                     dx = buffer(rows, input), dw_ih = buffer(gates, input),
                     dw_hh = buffer(gates, hidden);
  const std::vector<float> h_step = buffer(batch, hidden), d_step = buffer(batch, gates);
  for (auto _ : state) {
    gemm(false, true, rows, gates, input, x, w_ih, gx, 1);
    for (int t = 0; t < steps; ++t) gemm(false, true, batch, gates, hidden, h_step, w_hh, gh);
    for (int t = 0; t < steps; ++t) gemm(false, false, batch, hidden, gates, d_step, w_hh, dh);
    gemm(false, false, rows, input, gates, d_gates, w_ih, dx);
    gemm(true, false, gates, input, rows, d_gates, x, dw_ih);
    gemm(true, false, gates, hidden, rows, d_gates, h_prev, dw_hh);
    benchmark::DoNotOptimize(dw_hh.data());
  }
  set_gemm_counter(state);
}

}  // namespace

BENCHMARK(BM_SequenceTrainingStep)->Apply(bench::sequence_sizes);
BENCHMARK(BM_SequenceGemmsAlone)->Apply(bench::sequence_sizes);
