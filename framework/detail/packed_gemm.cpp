#include "xgrad/framework/detail/packed_gemm.hpp"

#include <algorithm>

#include "xgrad/framework/detail/blas.hpp"
#include "xgrad/framework/detail/simd_level.hpp"

namespace xgrad::detail {

namespace {

template <typename T>
const PackedGemmKernel<T>* best_kernel() {
  switch (simd_level()) {
    case SimdLevel::kAvx512:
      return avx512_packed_gemm_kernel<T>();
    case SimdLevel::kAvx2:
      return avx2_packed_gemm_kernel<T>();
    default:
      return nullptr;
  }
}

}  // namespace

template <typename T>
PackedMatrix<T>::PackedMatrix(const T* b, bool transposed, int64_t k, int64_t n, bool pack)
    : kernel_(pack ? best_kernel<T>() : nullptr), b_(b), transposed_(transposed), k_(k), n_(n) {
  if (kernel_ == nullptr) return;
  const int64_t width = kernel_->panel_width;
  const int64_t panels = (n + width - 1) / width;
  panels_.assign(static_cast<size_t>(panels * width * k), T(0));
  for (int64_t panel = 0; panel < panels; ++panel) {
    T* out = panels_.data() + panel * width * k;
    const int64_t first = panel * width, columns = std::min(width, n - first);
    for (int64_t i = 0; i < k; ++i) {
      for (int64_t j = 0; j < columns; ++j)
        out[i * width + j] = transposed ? b[(first + j) * k + i] : b[i * n + first + j];
    }
  }
}

template <typename T>
void PackedMatrix<T>::multiply(const T* a, bool a_transposed, int64_t m, T* c,
                               bool accumulate) const {
  if (m == 0 || n_ == 0) return;
  if (k_ == 0) {
    if (!accumulate) std::fill(c, c + m * n_, T(0));
    return;
  }
  if (kernel_ == nullptr) {
    blas_gemm(a_transposed, transposed_, static_cast<int>(m), static_cast<int>(n_),
              static_cast<int>(k_), a, static_cast<int>(a_transposed ? m : k_), b_,
              static_cast<int>(transposed_ ? k_ : n_), T(accumulate ? 1 : 0), c,
              static_cast<int>(n_));
    return;
  }
  kernel_->multiply(a, a_transposed ? 1 : k_, a_transposed ? m : 1, m, k_, n_, panels_.data(), c,
                    accumulate);
}

template class PackedMatrix<float>;
template class PackedMatrix<double>;

}  // namespace xgrad::detail
