#pragma once

// The packed GEMM's kernel (packed_gemm.hpp), written once over an xsimd architecture and
// compiled once per architecture (packed_gemm_avx2.cpp, packed_gemm_avx512.cpp). C is computed
// in tiles of Rows x (NV SIMD batches) held in registers for the whole depth k: per step of the
// depth, NV aligned loads of the packed B, one broadcast of A per row, Rows * NV fused
// multiply-adds.
#include <cstdint>
#include <xsimd/xsimd.hpp>

#include "xgrad/framework/detail/packed_gemm.hpp"

namespace xgrad::detail {

namespace {  // internal linkage: each architecture's translation unit keeps its own copy

// Tiles of Rows x (NV batches) use Rows * NV accumulators, NV registers for B and one for A:
// 8 x 2 of the 32 AVX-512 registers, 6 x 2 of the 16 AVX2 ones.
template <typename Arch>
struct Tiling;
template <>
struct Tiling<xsimd::avx512f> {
  static constexpr int kRows = 8, kBatches = 2;
};
template <>
struct Tiling<xsimd::fma3<xsimd::avx2>> {
  static constexpr int kRows = 6, kBatches = 2;
};

// Plain loops rather than std::copy: a standard-library function instantiated in a file built
// for AVX-512 could be the copy the linker keeps for the whole program.
template <typename T>
void copy_columns(const T* from, int64_t from_ld, T* to, int64_t to_ld, int rows, int64_t columns) {
  for (int r = 0; r < rows; ++r) {
    for (int64_t j = 0; j < columns; ++j) to[r * to_ld + j] = from[r * from_ld + j];
  }
}

// A tile of c with its first `columns` columns valid (the last panel may be partial); such a
// tile goes through a local copy, so that no access leaves c.
template <typename Arch, typename T, int Rows>
void tile(const T* a, int64_t row_stride, int64_t depth_stride, int64_t k, const T* panel, T* c,
          int64_t ldc, int64_t columns, bool accumulate) {
  using V = xsimd::batch<T, Arch>;
  constexpr int kBatches = Tiling<Arch>::kBatches;
  constexpr int64_t kWidth = static_cast<int64_t>(V::size) * kBatches;
  alignas(64) T partial[Rows * kWidth];
  const bool full = columns == kWidth;
  T* out = full ? c : partial;
  const int64_t ld = full ? ldc : kWidth;
  if (!full && accumulate) {
    copy_columns(c, ldc, out, ld, Rows, columns);
  }
  V sums[Rows][kBatches];
  for (int r = 0; r < Rows; ++r) {
    for (int v = 0; v < kBatches; ++v)
      sums[r][v] = accumulate ? V::load_unaligned(out + r * ld + v * V::size) : V(T(0));
  }
  for (int64_t p = 0; p < k; ++p) {
    V b[kBatches];
    for (int v = 0; v < kBatches; ++v) b[v] = V::load_aligned(panel + p * kWidth + v * V::size);
    for (int r = 0; r < Rows; ++r) {
      const V x(a[r * row_stride + p * depth_stride]);
      for (int v = 0; v < kBatches; ++v) sums[r][v] = xsimd::fma(x, b[v], sums[r][v]);
    }
  }
  for (int r = 0; r < Rows; ++r) {
    for (int v = 0; v < kBatches; ++v) sums[r][v].store_unaligned(out + r * ld + v * V::size);
  }
  if (!full) {
    copy_columns(out, ld, c, ldc, Rows, columns);
  }
}

// The last rows < kRows of c, as a tile of exactly that many rows.
template <typename Arch, typename T, int Rows>
void tail_tile(int rows, const T* a, int64_t row_stride, int64_t depth_stride, int64_t k,
               const T* panel, T* c, int64_t ldc, int64_t columns, bool accumulate) {
  if constexpr (Rows > 0) {
    if (rows == Rows) {
      tile<Arch, T, Rows>(a, row_stride, depth_stride, k, panel, c, ldc, columns, accumulate);
    } else {
      tail_tile<Arch, T, Rows - 1>(rows, a, row_stride, depth_stride, k, panel, c, ldc, columns,
                                   accumulate);
    }
  }
}

// Panel by panel (k x width of B, read from L1 or L2 by every row tile), tile by tile.
template <typename Arch, typename T>
void multiply(const T* a, int64_t row_stride, int64_t depth_stride, int64_t m, int64_t k, int64_t n,
              const T* panels, T* c, bool accumulate) {
  constexpr int kRows = Tiling<Arch>::kRows;
  constexpr int64_t kWidth =
      static_cast<int64_t>(xsimd::batch<T, Arch>::size) * Tiling<Arch>::kBatches;
  for (int64_t first = 0; first < n; first += kWidth) {
    const T* panel = panels + (first / kWidth) * k * kWidth;
    const int64_t columns = n - first < kWidth ? n - first : kWidth;
    int64_t r = 0;
    for (; r + kRows <= m; r += kRows) {
      tile<Arch, T, kRows>(a + r * row_stride, row_stride, depth_stride, k, panel,
                           c + r * n + first, n, columns, accumulate);
    }
    if (r < m) {
      tail_tile<Arch, T, kRows - 1>(static_cast<int>(m - r), a + r * row_stride, row_stride,
                                    depth_stride, k, panel, c + r * n + first, n, columns,
                                    accumulate);
    }
  }
}

template <typename Arch, typename T>
const PackedGemmKernel<T>* kernel_for() {
  static const PackedGemmKernel<T> kernel{
      static_cast<int64_t>(xsimd::batch<T, Arch>::size) * Tiling<Arch>::kBatches,
      &multiply<Arch, T>};
  return &kernel;
}

}  // namespace

}  // namespace xgrad::detail
