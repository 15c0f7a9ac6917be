#include "xgrad/framework/ops/unary_math.hpp"

#include <xtensor/xmath.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

Tensor log1p(const Tensor& a) {
  Tensor out = detail::map_floating_values(a, [](const auto& x) { return xt::log1p(x); });
  if (needs_grad({a})) {
    record("Log1PBackward", out, {a}, [sa = SavedTensor::input(a)](const Tensor& g) {
      return Grads{g / (sa.unpack() + 1.0)};
    });
  }
  return out;
}

Tensor rsqrt(const Tensor& a) {
  Tensor out = detail::map_floating_values(a, [](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    return T(1) / xt::sqrt(x);
  });
  if (needs_grad({a})) {
    record(
        "RsqrtBackward", out, {a},
        [so = SavedTensor::output(out)](const Tensor& g, const autograd::Node& self) {
          return Grads{g * pow(so.unpack(self), 3.0) * -0.5};  // PyTorch's -0.5 * grad * result^3
        });
  }
  return out;
}

}  // namespace xgrad
