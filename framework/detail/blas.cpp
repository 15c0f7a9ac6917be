#include "xgrad/framework/detail/blas.hpp"

#include <cblas.h>

namespace xgrad::detail {

namespace {
CBLAS_TRANSPOSE flag(bool transpose) { return transpose ? CblasTrans : CblasNoTrans; }
}  // namespace

void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha, const float* a,
               int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  cblas_sgemm(CblasRowMajor, flag(transpose_a), flag(transpose_b), m, n, k, alpha, a, lda, b, ldb,
              beta, c, ldc);
}

void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, double alpha,
               const double* a, int lda, const double* b, int ldb, double beta, double* c, int ldc) {
  cblas_dgemm(CblasRowMajor, flag(transpose_a), flag(transpose_b), m, n, k, alpha, a, lda, b, ldb,
              beta, c, ldc);
}

}  // namespace xgrad::detail
