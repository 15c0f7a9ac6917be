#pragma once

// C = op(A) B for a B that is used many times, or is small: a recurrent layer's W_hh, multiplied
// at every step of a sequence. B is copied once into panels of columns in the order a
// register-blocked SIMD kernel (packed_gemm_kernels.hpp) reads them, so a product costs no
// packing and no hand-off to BLAS threads; at (32 x 128) x (128 x 512) that is about 1.7x
// OpenBLAS's sgemm (benchmarks/RESULTS.md). Where the CPU has neither AVX2 nor AVX-512, or
// XGRAD_SIMD=baseline, it is OpenBLAS's gemm on the unpacked B.
#include <cstdint>
#include <vector>
#include <xsimd/xsimd.hpp>

namespace xgrad::detail {

// One instruction set's kernel: c (m x n) = a B (+ c), element (r, p) of a at
// a[r * row_stride + p * depth_stride], B packed in panels of panel_width columns.
template <typename T>
struct PackedGemmKernel {
  int64_t panel_width;
  void (*multiply)(const T* a, int64_t row_stride, int64_t depth_stride, int64_t m, int64_t k,
                   int64_t n, const T* panels, T* c, bool accumulate);
};

template <typename T>
const PackedGemmKernel<T>* avx512_packed_gemm_kernel();
template <typename T>
const PackedGemmKernel<T>* avx2_packed_gemm_kernel();

template <typename T>
class PackedMatrix {
 public:
  // B is (k x n): b[i * n + j], or, when transposed, b[j * k + i] (a weight W of shape (n, k)
  // used as W^T). Unless pack (and the CPU has a SIMD kernel), products are OpenBLAS's gemm on b
  // itself, which must then outlive this: for products large enough that OpenBLAS's threads pay.
  PackedMatrix(const T* b, bool transposed, int64_t k, int64_t n, bool pack = true);

  // c (m x n, row-major) = op(a) B, plus c's own values when accumulate; op(a) is (m x k):
  // a[r * k + p], or, when a_transposed, a[p * m + r].
  void multiply(const T* a, bool a_transposed, int64_t m, T* c, bool accumulate) const;

 private:
  const PackedGemmKernel<T>* kernel_;
  const T* b_;
  bool transposed_;
  int64_t k_, n_;
  std::vector<T, xsimd::aligned_allocator<T, 64>> panels_;
};

extern template class PackedMatrix<float>;
extern template class PackedMatrix<double>;

}  // namespace xgrad::detail
