#pragma once

// Small helpers shared by the test suites.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <xgrad/xgrad.hpp>

namespace xgrad::testing {

// True when every element satisfies |actual - expected| <= atol + rtol * |expected| and the
// shapes agree; prints the first mismatch to help a failing CHECK.
inline bool allclose(const Tensor& actual, const xt::xarray<double>& expected, double rtol = 1e-5,
                     double atol = 1e-8) {
  const xt::xarray<double> got = actual.to_xarray<double>();
  if (got.shape() != expected.shape()) {
    std::ostringstream os;
    os << "allclose: shape " << actual.sizes() << " differs from the expected shape";
    MESSAGE(os.str());
    return false;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    const double a = got.data()[i], e = expected.data()[i];
    const bool both_nan = std::isnan(a) && std::isnan(e);
    if (!both_nan && !(std::fabs(a - e) <= atol + rtol * std::fabs(e))) {
      std::ostringstream os;
      os.precision(17);
      os << "allclose: element " << i << " is " << a << ", expected " << e;
      MESSAGE(os.str());
      return false;
    }
  }
  return true;
}

inline bool allclose(const Tensor& actual, const Tensor& expected, double rtol = 1e-5,
                     double atol = 1e-8) {
  return xgrad::testing::allclose(actual, expected.to_xarray<double>(), rtol, atol);
}

// Options for a float64 leaf that requires grad (what gradcheck wants):
// tensor({1.0, 2.0}, f64_grad()).
inline TensorOptions f64_grad() {
  return TensorOptions(kFloat64).requires_grad(true);
}

// A float64 leaf of `shape` with values uniform in [lo, hi), requiring grad. Seed first
// (manual_seed) for repeatable values.
inline Tensor uniform_leaf64(const std::vector<int64_t>& shape, double lo = -1.0, double hi = 1.0) {
  Tensor t = rand(shape, kFloat64);
  t.data<double>() = t.data<double>() * (hi - lo) + lo;
  t.requires_grad_();
  return t;
}

// A [n, 1] column of values, which a brace initialiser cannot spell unambiguously
// ({{1.0}, {2.0}} also reads as a list of one-element lists): tensor(column({1.0, 2.0})).
inline xt::xarray<double> column(const std::vector<double>& values) {
  xt::xarray<double> out = xt::zeros<double>({values.size(), size_t{1}});
  std::copy(values.begin(), values.end(), out.begin());
  return out;
}

}  // namespace xgrad::testing
