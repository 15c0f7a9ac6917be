// Per-op overhead: tiny tensors, so that allocation, node creation and dispatch dominate.
#include <benchmark/benchmark.h>

#include <xgrad/xgrad.hpp>

using namespace xgrad;

namespace {

// range(0) = 1: the inputs require grad and grad mode is on, so each op records a node.
template <typename Op>
void run_op(benchmark::State& state, Op op, std::vector<int64_t> shape_a, std::vector<int64_t> shape_b) {
  const bool recording = state.range(0) == 1;
  const Tensor a = randn(shape_a).requires_grad_(recording);
  const Tensor b = randn(shape_b).requires_grad_(recording);
  for (auto _ : state) benchmark::DoNotOptimize(op(a, b));
  state.SetLabel(recording ? "recorded" : "not recorded");
}

void BM_Add(benchmark::State& state) {
  run_op(state, [](const Tensor& a, const Tensor& b) { return a + b; }, {4, 4}, {4, 4});
}
void BM_Mul(benchmark::State& state) {
  run_op(state, [](const Tensor& a, const Tensor& b) { return a * b; }, {4, 4}, {4, 4});
}
void BM_Sigmoid(benchmark::State& state) {
  run_op(state, [](const Tensor& a, const Tensor&) { return sigmoid(a); }, {4, 4}, {1});
}
void BM_Matmul(benchmark::State& state) {
  run_op(state, [](const Tensor& a, const Tensor& b) { return matmul(a, b); }, {4, 4}, {4, 4});
}
// One recorded op and its backward, on a tiny tensor.
void BM_MulForwardBackward(benchmark::State& state) {
  const Tensor a = randn({4, 4}).requires_grad_();
  const Tensor b = randn({4, 4});
  for (auto _ : state) {
    (a * b).backward(ones({4, 4}));
    a.zero_grad();
  }
}

}  // namespace

BENCHMARK(BM_Add)->Arg(0)->Arg(1);
BENCHMARK(BM_Mul)->Arg(0)->Arg(1);
BENCHMARK(BM_Sigmoid)->Arg(0)->Arg(1);
BENCHMARK(BM_Matmul)->Arg(0)->Arg(1);
BENCHMARK(BM_MulForwardBackward);
