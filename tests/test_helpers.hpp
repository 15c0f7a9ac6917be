#pragma once

// Small helpers shared by the test suites.
#include <doctest/doctest.h>

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

inline bool allclose(const Tensor& actual, const Tensor& expected, double rtol = 1e-5, double atol = 1e-8) {
  return xgrad::testing::allclose(actual, expected.to_xarray<double>(), rtol, atol);
}

}  // namespace xgrad::testing
