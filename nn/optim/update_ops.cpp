#include "xgrad/nn/optim/update_ops.hpp"

#include <stdexcept>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/shape.hpp"

namespace xgrad::optim::detail {

namespace {

void check_same_shape(const Tensor& self, const Tensor& other, const char* op) {
  xgrad::detail::check_defined(self, op);
  xgrad::detail::check_defined(other, op);
  XGRAD_CHECK(self.sizes() == other.sizes(), std::invalid_argument, op,
              "(): expected a tensor of shape ", self.sizes(), ", got ", other.sizes());
}

// Runs f(self values, a values, b values) at self's dtype, then marks self changed.
template <typename F>
Tensor& update(Tensor& self, const Tensor& a, const Tensor& b, const char* op, F f) {
  check_same_shape(self, a, op);
  check_same_shape(self, b, op);
  xgrad::detail::check_floating(self, op);
  xgrad::detail::update_stored_values(self, [&](auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    if constexpr (std::is_floating_point_v<T>) {
      xgrad::detail::with_values_as<T>(a, [&](const xt::xarray<T>& y) {
        xgrad::detail::with_values_as<T>(b, [&](const xt::xarray<T>& z) { f(x, y, z); });
      });
    }
  });
  return self;
}

}  // namespace

Tensor& addcmul_(Tensor& self, const Tensor& a, const Tensor& b, double value) {
  return update(self, a, b, "addcmul_", [value](auto& x, const auto& y, const auto& z) {
    using T = xgrad::detail::value_t<decltype(x)>;
    xt::noalias(x) = x + static_cast<T>(value) * y * z;
  });
}

Tensor& addcdiv_(Tensor& self, const Tensor& a, const Tensor& b, double value) {
  return update(self, a, b, "addcdiv_", [value](auto& x, const auto& y, const auto& z) {
    using T = xgrad::detail::value_t<decltype(x)>;
    xt::noalias(x) = x + static_cast<T>(value) * y / z;
  });
}

Tensor& maximum_(Tensor& self, const Tensor& other) {
  return update(self, other, other, "maximum_",
                [](auto& x, const auto& y, const auto&) { xt::noalias(x) = xt::maximum(x, y); });
}

Tensor sqrt_div_add(const Tensor& t, double divisor, double eps) {
  return xgrad::detail::map_floating_values(t, [&](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    return xt::eval(xt::sqrt(x) / static_cast<T>(divisor) + static_cast<T>(eps));
  });
}

}  // namespace xgrad::optim::detail
