#pragma once

// Row-major GEMM on OpenBLAS: C = alpha * op(A) op(B) + beta * C.
namespace xgrad::detail {

void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha, const float* a,
               int lda, const float* b, int ldb, float beta, float* c, int ldc);
void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
               const double* a, int lda, const double* b, int ldb, double beta, double* c, int ldc);

}  // namespace xgrad::detail
