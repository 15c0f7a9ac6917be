#pragma once

// The per-op overhead cases, shared by xgrad's suite (bench_ops.cpp) and libtorch's
// (bench_torch_ops.cpp) so both measure the same thing.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace bench {

// Runs `op` on two random tensors made by `randn`. range(0) = 1: the inputs require grad and
// grad mode is on, so each op records a node.
template <typename Randn, typename Op>
void run_op(benchmark::State& state, Randn randn, Op op, std::vector<int64_t> shape_a,
            std::vector<int64_t> shape_b) {
  const bool recording = state.range(0) == 1;
  const auto a = randn(shape_a).requires_grad_(recording);
  const auto b = randn(shape_b).requires_grad_(recording);
  for (auto _ : state) benchmark::DoNotOptimize(op(a, b));
  state.SetLabel(recording ? "recorded" : "not recorded");
}

}  // namespace bench
