// The machine's single-precision GEMM throughput through OpenBLAS, for the shapes of the
// largest GRUCell case, so RESULTS.md can say what fraction of it xgrad reaches.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <vector>

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

}  // namespace

BENCHMARK(BM_Sgemm)
    ->Args({256, 3072, 1024})
    ->Args({64, 768, 256})
    ->ArgNames({"m", "n", "k"})
    ->Unit(benchmark::kMicrosecond);
