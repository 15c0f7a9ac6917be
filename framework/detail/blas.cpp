#include "xgrad/framework/detail/blas.hpp"

#include <cblas.h>

#include <algorithm>
#include <xsimd/xsimd.hpp>

#include "xgrad/framework/detail/dispatch.hpp"

namespace xgrad::detail {

namespace {

// Below this many multiply-adds a BLAS call costs more in packing and dispatch than the
// arithmetic itself; plain SIMD loops win (measured in benchmarks/RESULTS.md).
constexpr long kSmallGemmWork = 24 * 1024;

CBLAS_TRANSPOSE flag(bool transpose) {
  return transpose ? CblasTrans : CblasNoTrans;
}

template <typename T>
T dot(const T* x, const T* y, int n) {
  using Batch = xsimd::batch<T>;
  constexpr int width = static_cast<int>(Batch::size);
  Batch acc(T(0));
  int i = 0;
  for (; i + width <= n; i += width)
    acc = xsimd::fma(Batch::load_unaligned(x + i), Batch::load_unaligned(y + i), acc);
  T sum = xsimd::hadd(acc);
  for (; i < n; ++i) sum += x[i] * y[i];
  return sum;
}

// y += a * x
template <typename T>
void axpy(T a, const T* x, T* y, int n) {
  using Batch = xsimd::batch<T>;
  constexpr int width = static_cast<int>(Batch::size);
  const Batch va(a);
  int i = 0;
  for (; i + width <= n; i += width) {
    xsimd::fma(va, Batch::load_unaligned(x + i), Batch::load_unaligned(y + i))
        .store_unaligned(y + i);
  }
  for (; i < n; ++i) y[i] += a * x[i];
}

// The same contract as cblas ?gemm (row-major, alpha = 1) for small problems.
template <typename T>
void small_gemm(bool ta, bool tb, int m, int n, int k, const T* a, int lda, const T* b, int ldb,
                T beta, T* c, int ldc) {
  for (int i = 0; i < m; ++i) {
    T* row = c + static_cast<long>(i) * ldc;
    if (beta == T(0)) std::fill(row, row + n, T(0));
    if (!ta && tb) {  // C[i][j] += A[i][:] . B[j][:]
      for (int j = 0; j < n; ++j)
        row[j] += dot(a + static_cast<long>(i) * lda, b + static_cast<long>(j) * ldb, k);
    } else if (!tb) {  // C[i][:] += op(A)[i][p] * B[p][:]
      for (int p = 0; p < k; ++p) {
        const T coefficient =
            ta ? a[static_cast<long>(p) * lda + i] : a[static_cast<long>(i) * lda + p];
        axpy(coefficient, b + static_cast<long>(p) * ldb, row, n);
      }
    } else {  // C[i][j] += A[:][i] . B[j][:]
      for (int j = 0; j < n; ++j) {
        T sum = 0;
        for (int p = 0; p < k; ++p)
          sum += a[static_cast<long>(p) * lda + i] * b[static_cast<long>(j) * ldb + p];
        row[j] += sum;
      }
    }
  }
}

bool is_small(int m, int n, int k) {
  return static_cast<long>(m) * n * k <= kSmallGemmWork;
}

}  // namespace

void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, int lda,
               const float* b, int ldb, float beta, float* c, int ldc) {
  if (is_small(m, n, k))
    return small_gemm(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, beta, c, ldc);
  cblas_sgemm(CblasRowMajor, flag(transpose_a), flag(transpose_b), m, n, k, 1.0f, a, lda, b, ldb,
              beta, c, ldc);
}

void blas_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const double* a, int lda,
               const double* b, int ldb, double beta, double* c, int ldc) {
  if (is_small(m, n, k))
    return small_gemm(transpose_a, transpose_b, m, n, k, a, lda, b, ldb, beta, c, ldc);
  cblas_dgemm(CblasRowMajor, flag(transpose_a), flag(transpose_b), m, n, k, 1.0, a, lda, b, ldb,
              beta, c, ldc);
}

void blas_gemm(bool ta, bool tb, int m, int n, int k, const int64_t* a, int lda, const int64_t* b,
               int ldb, int64_t beta, int64_t* c, int ldc) {
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      // Unsigned, so that overflow wraps around as in PyTorch instead of being undefined.
      uint64_t sum = beta != 0 ? static_cast<uint64_t>(c[i * ldc + j]) : 0;
      for (int p = 0; p < k; ++p) {
        const int64_t x = ta ? a[p * lda + i] : a[i * lda + p];
        const int64_t y = tb ? b[j * ldb + p] : b[p * ldb + j];
        sum += static_cast<uint64_t>(x) * static_cast<uint64_t>(y);
      }
      c[i * ldc + j] = static_cast<int64_t>(sum);
    }
  }
}

void blas_gemm(bool, bool, int, int, int, const bool*, int, const bool*, int, bool, bool*, int) {
  throw_not_implemented("matmul", kBool);
}

void limit_blas_threads(int threads) {
  static const int at_start = openblas_get_num_threads();
  openblas_set_num_threads(std::min(threads, at_start));
}

int blas_threads() {
  return openblas_get_num_threads();
}

}  // namespace xgrad::detail
