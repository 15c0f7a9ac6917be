#pragma once

// Small helpers shared by the test suites.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>
#include <string>
#include <vector>
#include <xgrad/xgrad.hpp>

namespace xgrad::testing {

// What `os << value` prints: a tensor, sizes, a module.
template <typename T>
std::string printed(const T& value) {
  std::ostringstream os;
  os << value;
  return os.str();
}

// True when the shapes agree and every element equals the expected one (NaN matching NaN) or
// satisfies |actual - expected| <= atol + rtol * |expected|; prints the first mismatch to help a
// failing CHECK.
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
    const bool same = a == e || (std::isnan(a) && std::isnan(e));
    if (!same && !(std::fabs(a - e) <= atol + rtol * std::fabs(e))) {
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

// allclose, and the same dtype too.
inline bool allclose_same_dtype(const Tensor& actual, const Tensor& expected, double rtol = 1e-5,
                                double atol = 1e-8) {
  if (actual.dtype() != expected.dtype()) {
    std::ostringstream os;
    os << "allclose: dtype " << actual.dtype() << " differs from the expected " << expected.dtype();
    MESSAGE(os.str());
    return false;
  }
  return allclose(actual, expected, rtol, atol);
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

// Double backward through a fused recurrent op against its composed form, for each kind of hx:
// undefined, given, and given as a leaf that requires grad. For each, g holds the first
// derivatives of sum(out) by x (and hx when it requires grad), built with create_graph and
// checked against plain ones; the derivatives of |g|^2 by `parameters` must agree.
inline void check_second_derivatives_match(const std::function<Tensor(const Tensor& hx)>& fused,
                                           const std::function<Tensor(const Tensor& hx)>& composed,
                                           const Tensor& x, const Tensor& given_hx,
                                           const std::vector<Tensor>& parameters) {
  auto second_order = [&](const Tensor& out, const Tensor& hx) {
    const std::vector<Tensor> inputs =
        hx.defined() && hx.requires_grad() ? std::vector<Tensor>{x, hx} : std::vector<Tensor>{x};
    const auto g = autograd::grad({out.sum()}, inputs, {}, {}, /*create_graph=*/true);
    const auto plain = autograd::grad({out.sum()}, inputs, {}, true);
    Tensor squares = g[0].pow(2).sum();
    for (size_t k = 0; k < g.size(); ++k) {
      CHECK(allclose(g[k], plain[k], 1e-12, 1e-12));
      if (k > 0) squares = squares + g[k].pow(2).sum();
    }
    return autograd::grad({squares}, parameters);
  };
  for (const Tensor& hx : {Tensor(), given_hx, given_hx.detach().requires_grad_()}) {
    CAPTURE(hx.defined());
    CAPTURE(hx.defined() && hx.requires_grad());
    const auto fused_grads = second_order(fused(hx), hx);
    const auto composed_grads = second_order(composed(hx), hx);
    for (size_t k = 0; k < fused_grads.size(); ++k) {
      CHECK(allclose(fused_grads[k], composed_grads[k], 1e-9, 1e-12));
    }
  }
}

}  // namespace xgrad::testing
