#pragma once

// Row-major GEMM: C = op(A) op(B) + beta * C (beta is 0 or 1). Small problems run in SIMD
// loops, the rest on OpenBLAS.
namespace xgrad::detail {

void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, int lda, const float* b,
               int ldb, float beta, float* c, int ldc);
void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const double* a, int lda, const double* b,
               int ldb, double beta, double* c, int ldc);

}  // namespace xgrad::detail
