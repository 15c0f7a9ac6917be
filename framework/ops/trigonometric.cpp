#include "xgrad/framework/ops/trigonometric.hpp"

#include <xtensor/xmath.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

Tensor sin(const Tensor& a) {
  Tensor out = detail::map_floating_values(a, [](const auto& x) { return xt::sin(x); });
  if (needs_grad({a})) {
    record("SinBackward", out, {a},
           [sa = SavedTensor::input(a)](const Tensor& g) { return Grads{g * cos(sa.unpack())}; });
  }
  return out;
}

Tensor cos(const Tensor& a) {
  Tensor out = detail::map_floating_values(a, [](const auto& x) { return xt::cos(x); });
  if (needs_grad({a})) {
    record("CosBackward", out, {a}, [sa = SavedTensor::input(a)](const Tensor& g) {
      return Grads{g * neg(sin(sa.unpack()))};
    });
  }
  return out;
}

}  // namespace xgrad
