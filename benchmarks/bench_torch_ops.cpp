// bench_ops.cpp's per-op overhead cases on libtorch. Built only when CMake finds Torch.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "op_cases.hpp"

namespace {

torch::Tensor make_randn(const std::vector<int64_t>& shape) {
  return torch::randn(shape);
}

void BM_TorchAdd(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor& b) { return a + b; }, {4, 4},
                {4, 4});
}
void BM_TorchMul(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor& b) { return a * b; }, {4, 4},
                {4, 4});
}
void BM_TorchSigmoid(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor&) { return torch::sigmoid(a); },
                {4, 4}, {1});
}
void BM_TorchMatmul(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor& b) { return torch::matmul(a, b); },
                {4, 4}, {4, 4});
}

void BM_TorchAddStepView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor& b) { return a[17] + b; },
                {50, 32, 128}, {32, 128});
}
void BM_TorchSumTransposedView(benchmark::State& state) {
  bench::run_op(
      state, make_randn,
      [](const torch::Tensor& a, const torch::Tensor&) { return a.transpose(0, 2).sum({0}); },
      {50, 32, 128}, {1});
}

void BM_TorchAddTransposedView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor& b) { return a.t() + b; },
                {512, 512}, {512, 512});
}
void BM_TorchMulNarrowedView(benchmark::State& state) {
  bench::run_op(
      state, make_randn,
      [](const torch::Tensor& a, const torch::Tensor& b) { return a.narrow(1, 0, 256) * b; },
      {512, 512}, {512, 256});
}
void BM_TorchSubExpandedView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor& b) {
                  return b - a.expand({512, 512});
                },
                {512, 1}, {512, 512});
}
void BM_TorchDivPermutedView(benchmark::State& state) {
  bench::run_op(state, make_randn,
                [](const torch::Tensor& a, const torch::Tensor& b) {
                  return a.permute({1, 0, 2}) / b;
                },
                {50, 32, 128}, {32, 50, 128});
}

}  // namespace

BENCHMARK(BM_TorchAdd)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchMul)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchSigmoid)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchMatmul)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchAddStepView)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchSumTransposedView)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchAddTransposedView)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchMulNarrowedView)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchSubExpandedView)->Arg(0)->Arg(1);
BENCHMARK(BM_TorchDivPermutedView)->Arg(0)->Arg(1);
