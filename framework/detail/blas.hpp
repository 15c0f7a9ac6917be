#pragma once

#include <cstdint>

// Row-major GEMM: C = op(A) op(B) + beta * C (beta is 0 or 1). Small problems run in SIMD
// loops, the rest on OpenBLAS; int64 runs in a plain loop (no BLAS has integers) and bool is
// refused, as in PyTorch.
namespace xgrad::detail {

void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, int lda,
               const float* b, int ldb, float beta, float* c, int ldc);
void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const double* a, int lda,
               const double* b, int ldb, double beta, double* c, int ldc);
void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const int64_t* a, int lda,
               const int64_t* b, int ldb, int64_t beta, int64_t* c, int ldc);
[[noreturn]] void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const bool* a,
                            int lda, const bool* b, int ldb, bool beta, bool* c, int ldc);

// Caps OpenBLAS's threads at `threads`, never above the count it started with
// (OPENBLAS_NUM_THREADS, else OMP_NUM_THREADS, else the cores): set_num_threads() calls it.
void limit_blas_threads(int threads);
int blas_threads();

}  // namespace xgrad::detail
