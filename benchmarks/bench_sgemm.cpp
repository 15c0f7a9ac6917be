// The machine's single-precision GEMM throughput through OpenBLAS, for the shapes of the
// largest GRUCell case and of the recurrent layers' products, so RESULTS.md can say what
// fraction of it xgrad reaches; and the same products on xgrad's packed kernel.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cstdint>
#include <vector>
#include <xgrad/framework/detail/packed_gemm.hpp>

namespace {

// C (m x n) = A (m x k) B^T (n x k), as the GRUCell's forward gemm.
void BM_Sgemm(benchmark::State& state) {
  const int m = static_cast<int>(state.range(0)), n = static_cast<int>(state.range(1)),
            k = static_cast<int>(state.range(2));
  std::vector<float> a(static_cast<size_t>(m) * k, 0.5f), b(static_cast<size_t>(n) * k, 0.25f),
      c(static_cast<size_t>(m) * n);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0f, a.data(), k, b.data(), k,
                0.0f, c.data(), n);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * m * n * k * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// The same product on xgrad's packed kernel (framework/detail/packed_gemm.hpp), B packed once
// outside the loop, as a recurrent layer packs W_hh once for all its steps.
void BM_PackedSgemm(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  std::vector<float> a(static_cast<size_t>(m * k), 0.5f), b(static_cast<size_t>(n * k), 0.25f),
      c(static_cast<size_t>(m * n));
  const xgrad::detail::PackedMatrix<float> packed(b.data(), true, k, n);
  for (auto _ : state) {
    packed.multiply(a.data(), false, m, c.data(), false);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * m * n * k * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// A large square-ish product, and the per-step and whole-sequence products of the recurrent
// layers at (T, B, I, H) = (50, 32, 16, 128) and (100, 64, 64, 256).
void gemm_sizes(benchmark::internal::Benchmark* b) {
  for (const auto& size : std::vector<std::vector<int64_t>>{{256, 3072, 1024},
                                                            {64, 768, 256},
                                                            {32, 512, 128},
                                                            {32, 384, 128},
                                                            {32, 128, 128},
                                                            {32, 128, 512},
                                                            {64, 256, 256},
                                                            {64, 1024, 256},
                                                            {1600, 512, 16},
                                                            {6400, 768, 64},
                                                            {6400, 64, 768}})
    b->Args(size);
  b->ArgNames({"m", "n", "k"});
  b->Unit(benchmark::kMicrosecond);
}

}  // namespace

BENCHMARK(BM_Sgemm)->Apply(gemm_sizes);
BENCHMARK(BM_PackedSgemm)->Apply(gemm_sizes);
