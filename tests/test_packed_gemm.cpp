// The packed GEMM (framework/detail/packed_gemm.hpp) against the definition of a matrix product,
// over shapes that exercise full and partial tiles and panels. ctest runs this file again with
// XGRAD_SIMD=avx2 and =baseline, so every kernel (and the OpenBLAS fallback) is checked.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>
#include <xgrad/framework/detail/packed_gemm.hpp>

namespace {

template <typename T>
std::vector<T> random_values(int64_t size, std::mt19937& generator) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<T> values(static_cast<size_t>(size));
  for (T& v : values) v = static_cast<T>(uniform(generator));
  return values;
}

// The largest |got - expected| relative to the sum of |terms| of each entry, over C.
template <typename T>
double product_error(int64_t m, int64_t n, int64_t k, bool a_transposed, bool b_transposed,
                     bool accumulate, std::mt19937& generator) {
  const std::vector<T> a = random_values<T>(m * k, generator);
  const std::vector<T> b = random_values<T>(k * n, generator);
  const std::vector<T> c0 = random_values<T>(m * n, generator);
  std::vector<T> c = c0;
  const xgrad::detail::PackedMatrix<T> packed(b.data(), b_transposed, k, n);
  packed.multiply(a.data(), a_transposed, m, c.data(), accumulate);
  double worst = 0.0;
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t j = 0; j < n; ++j) {
      double expected = accumulate ? double(c0[r * n + j]) : 0.0;
      double scale = std::fabs(expected);
      for (int64_t p = 0; p < k; ++p) {
        const double x = a_transposed ? a[p * m + r] : a[r * k + p];
        const double y = b_transposed ? b[j * k + p] : b[p * n + j];
        expected += x * y;
        scale += std::fabs(x * y);
      }
      worst = std::max(worst, std::fabs(double(c[r * n + j]) - expected) / std::max(scale, 1.0));
    }
  }
  return worst;
}

// The rounding bound of a k-term sum in T, for the kernel and the double reference together.
template <typename T>
double rounding_bound(int64_t k) {
  return 2.0 * double(k + 1) * std::numeric_limits<T>::epsilon();
}

template <typename T>
void check_every_shape() {
  std::mt19937 generator(7);
  for (int64_t m : {1, 5, 6, 7, 8, 9, 13, 32, 33})
    for (int64_t n : {1, 7, 8, 15, 16, 17, 32, 33, 48, 100, 128})
      for (int64_t k : {0, 1, 3, 17, 128})
        for (bool a_transposed : {false, true})
          for (bool b_transposed : {false, true})
            for (bool accumulate : {false, true}) {
              CAPTURE(m);
              CAPTURE(n);
              CAPTURE(k);
              CAPTURE(a_transposed);
              CAPTURE(b_transposed);
              CAPTURE(accumulate);
              CHECK(product_error<T>(m, n, k, a_transposed, b_transposed, accumulate, generator) <=
                    rounding_bound<T>(k));
            }
}

}  // namespace

TEST_CASE("packed_gemm_float32_equals_the_product_for_full_and_partial_tiles") {
  check_every_shape<float>();
}

TEST_CASE("packed_gemm_float64_equals_the_product_for_full_and_partial_tiles") {
  check_every_shape<double>();
}

TEST_CASE("packed_gemm_reuses_one_packing_for_many_products") {
  std::mt19937 generator(11);
  const int64_t k = 40, n = 70;
  const std::vector<double> w = random_values<double>(n * k, generator);
  const xgrad::detail::PackedMatrix<double> packed(w.data(), true, k, n);
  for (int64_t m : {3, 16, 1}) {
    const std::vector<double> a = random_values<double>(m * k, generator);
    std::vector<double> c(static_cast<size_t>(m * n), -1.0);
    packed.multiply(a.data(), false, m, c.data(), false);
    for (int64_t r = 0; r < m; ++r) {
      for (int64_t j = 0; j < n; ++j) {
        double expected = 0.0;
        for (int64_t p = 0; p < k; ++p) expected += a[r * k + p] * w[j * k + p];
        CHECK(c[r * n + j] == doctest::Approx(expected).epsilon(1e-12));
      }
    }
  }
}
