#include "xgrad/framework/ops/minmax.hpp"

#include <cmath>
#include <limits>
#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

namespace {

// The share of the gradient that `a` gets from max(a, b) (is_max) or min(a, b), as PyTorch's
// derivatives: 1/2 on ties, 0 where the other operand wins, 1 otherwise (NaN included). A
// constant: double backward only differentiates the gradient it multiplies.
Tensor winner_share(const Tensor& a, const Tensor& b, bool is_max) {
  return detail::map_elements(a, b, [is_max](const auto& x, const auto& y) {
    if constexpr (detail::is_element_v<decltype(x)>) {
      using T = std::decay_t<decltype(x)>;
      if (x == y) return T(0.5);
      return (is_max ? x < y : x > y) ? T(0) : T(1);
    } else {
      using T = detail::value_t<decltype(x)>;
      // Never a comparison evaluated into an xarray<bool>: with xsimd, xtensor 0.24 gets some
      // broadcast ones wrong (a [2, 1, 2] < [3, 2] came out as its reverse).
      if (is_max) return xt::eval(xt::where(xt::equal(x, y), T(0.5), xt::where(x < y, T(0), T(1))));
      return xt::eval(xt::where(xt::equal(x, y), T(0.5), xt::where(x > y, T(0), T(1))));
    }
  });
}

Tensor extremum(const Tensor& a, const Tensor& b, bool is_max) {
  Tensor out = detail::map_elements(a, b, [is_max](const auto& x, const auto& y) {
    if constexpr (detail::is_element_v<decltype(x)>) {
      const auto picked = is_max ? (x < y ? y : x) : (x > y ? y : x);
      return std::isnan(y) ? y : picked;  // a NaN y wins too
    } else {
      using T = detail::value_t<decltype(x)>;
      const auto picked =
          is_max ? xt::eval(xt::where(x < y, y, x)) : xt::eval(xt::where(x > y, y, x));
      // NaN compares false, so `picked` holds x where y is NaN; make that NaN too.
      return xt::eval(xt::where(xt::isnan(y), std::numeric_limits<T>::quiet_NaN(), picked));
    }
  });
  if (needs_grad({a, b})) {
    record(is_max ? "MaximumBackward" : "MinimumBackward", out, {a, b},
           [sa = SavedTensor::input(a), sb = SavedTensor::input(b), a_meta = TensorMeta(a),
            b_meta = TensorMeta(b), ga = a.requires_grad(), gb = b.requires_grad(),
            is_max](const Tensor& g) {
             const Tensor x = sa.unpack(), y = sb.unpack();
             return Grads{ga ? reduce_to(g * winner_share(x, y, is_max), a_meta) : Tensor(),
                          gb ? reduce_to(g * winner_share(y, x, is_max), b_meta) : Tensor()};
           });
  }
  return out;
}

}  // namespace

Tensor maximum(const Tensor& a, const Tensor& b) {
  return extremum(a, b, /*is_max=*/true);
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  return extremum(a, b, /*is_max=*/false);
}

}  // namespace xgrad
