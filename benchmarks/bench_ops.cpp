// Per-op overhead: tiny tensors, so that allocation, node creation and dispatch dominate.
#include <benchmark/benchmark.h>

#include <xgrad/xgrad.hpp>

#include "op_cases.hpp"

using namespace xgrad;

namespace {

Tensor make_randn(const std::vector<int64_t>& shape) {
  return randn(shape);
}

void BM_Add(benchmark::State& state) {
  bench::run_op(state, make_randn, [](const Tensor& a, const Tensor& b) { return a + b; }, {4, 4},
                {4, 4});
}
void BM_Mul(benchmark::State& state) {
  bench::run_op(state, make_randn, [](const Tensor& a, const Tensor& b) { return a * b; }, {4, 4},
                {4, 4});
}
void BM_Sigmoid(benchmark::State& state) {
  bench::run_op(state, make_randn, [](const Tensor& a, const Tensor&) { return sigmoid(a); },
                {4, 4}, {1});
}
void BM_Matmul(benchmark::State& state) {
  bench::run_op(state, make_randn, [](const Tensor& a, const Tensor& b) { return matmul(a, b); },
                {4, 4}, {4, 4});
}

// Ops on views of a (sequence 50, batch 32, hidden 128) tensor: one step (a contiguous view,
// read in place) and its transpose (strided, gathered before the op).
void BM_AddStepView(benchmark::State& state) {
  bench::run_op(state, make_randn, [](const Tensor& a, const Tensor& b) { return a[17] + b; },
                {50, 32, 128}, {32, 128});
}
void BM_SumTransposedView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const Tensor& a, const Tensor&) { return a.transpose(0, 2).sum({0}); },
                {50, 32, 128}, {1});
}

// Binary ops with a strided view of a 512x512 tensor as an operand: a transpose, a narrow of the
// last dim, an expanded column, and a (50, 32, 128) sequence permuted to batch-first.
void BM_AddTransposedView(benchmark::State& state) {
  bench::run_op(state, make_randn, [](const Tensor& a, const Tensor& b) { return a.t() + b; },
                {512, 512}, {512, 512});
}
void BM_MulNarrowedView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const Tensor& a, const Tensor& b) { return a.narrow(1, 0, 256) * b; },
                {512, 512}, {512, 256});
}
void BM_SubExpandedView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const Tensor& a, const Tensor& b) {
                  return b - a.expand({512, 512});
                },
                {512, 1}, {512, 512});
}
void BM_DivPermutedView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const Tensor& a, const Tensor& b) {
                  return a.permute({1, 0, 2}) / b;
                },
                {50, 32, 128}, {32, 50, 128});
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
BENCHMARK(BM_AddStepView)->Arg(0)->Arg(1);
BENCHMARK(BM_SumTransposedView)->Arg(0)->Arg(1);
BENCHMARK(BM_AddTransposedView)->Arg(0)->Arg(1);
BENCHMARK(BM_MulNarrowedView)->Arg(0)->Arg(1);
BENCHMARK(BM_SubExpandedView)->Arg(0)->Arg(1);
BENCHMARK(BM_DivPermutedView)->Arg(0)->Arg(1);
BENCHMARK(BM_MulForwardBackward);
