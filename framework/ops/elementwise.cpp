#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>
#include <xtensor/xvectorize.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/detail/integer_ops.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using detail::map_elements;
using detail::map_floating_values;
using detail::map_values;
using Grads = std::vector<Tensor>;

namespace {

// A constant tensor (no grad) that is 1 where pred(a) holds and 0 elsewhere.
template <typename Pred>
Tensor mask_where(const Tensor& a, Pred pred) {
  return map_floating_values(a, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    return xt::eval(xt::cast<T>(pred(x)));
  });
}

// An op of a tensor and a number: forward(x, b) on the values at their own type, and a backward
// closure that records only when `a` needs a gradient.
template <typename Forward, typename Backward>
Tensor with_number(const char* name, const Tensor& a, double b, Forward forward,
                   Backward&& backward) {
  Tensor out = detail::map_floating_values(a, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    const T number = static_cast<T>(b);  // outlives the expression forward() returns
    return xt::xarray<T>(forward(x, number));
  });
  if (needs_grad({a})) record(name, out, {a}, std::forward<Backward>(backward));
  return out;
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor out = map_elements(a, b, detail::arithmetic(std::plus<>()));
  if (needs_grad({a, b})) {
    record("AddBackward", out, {a, b},
           [a_meta = TensorMeta(a), b_meta = TensorMeta(b)](const Tensor& g) {
             return Grads{reduce_to(g, a_meta), reduce_to(g, b_meta)};
           });
  }
  return out;
}

Tensor sub(const Tensor& a, const Tensor& b) {
  detail::check_bool_subtraction(a, b);
  Tensor out = map_elements(a, b, detail::arithmetic(std::minus<>()));
  if (needs_grad({a, b})) {
    record("SubBackward", out, {a, b},
           [a_meta = TensorMeta(a), b_meta = TensorMeta(b)](const Tensor& g) {
             return Grads{reduce_to(g, a_meta), reduce_to(neg(g), b_meta)};
           });
  }
  return out;
}

Tensor mul(const Tensor& a, const Tensor& b) {
  Tensor out = map_elements(a, b, detail::arithmetic(std::multiplies<>()));
  if (needs_grad({a, b})) {
    record("MulBackward", out, {a, b},
           [sa = SavedTensor::input(a), sb = SavedTensor::input(b)](const Tensor& g,
                                                                    const autograd::Node& self) {
             const Tensor x = sa.unpack(), y = sb.unpack();
             return Grads{self.needs_input_grad(0) ? reduce_to(g * y, x) : Tensor(),
                          self.needs_input_grad(1) ? reduce_to(g * x, y) : Tensor()};
           });
  }
  return out;
}

Tensor div(const Tensor& a, const Tensor& b) {
  Tensor out = detail::map_elements_as(floating_result_type(a, b), a, b,
                                       [](const auto& x, const auto& y) { return x / y; });
  if (needs_grad({a, b})) {
    record("DivBackward", out, {a, b},
           [sa = SavedTensor::input(a), sb = SavedTensor::input(b)](const Tensor& g,
                                                                    const autograd::Node& self) {
             const Tensor x = sa.unpack(), y = sb.unpack();
             return Grads{self.needs_input_grad(0) ? reduce_to(g / y, x) : Tensor(),
                          self.needs_input_grad(1) ? reduce_to(neg(g) * x / (y * y), y) : Tensor()};
           });
  }
  return out;
}

Tensor add(const Tensor& a, double b) {
  return with_number(
      "AddBackward", a, b, [](const auto& x, const auto& y) { return x + y; },
      [](const Tensor& g) { return Grads{g}; });
}

Tensor mul(const Tensor& a, double b) {
  return with_number(
      "MulBackward", a, b, [](const auto& x, const auto& y) { return x * y; },
      [b](const Tensor& g) { return Grads{g * b}; });
}

Tensor div(const Tensor& a, double b) {
  return with_number(
      "DivBackward", a, b, [](const auto& x, const auto& y) { return x / y; },
      [b](const Tensor& g) { return Grads{g / b}; });
}

Tensor rsub(const Tensor& a, double b) {
  detail::check_bool_subtraction(a);
  return with_number(
      "RsubBackward", a, b, [](const auto& x, const auto& y) { return y - x; },
      [](const Tensor& g) { return Grads{neg(g)}; });
}

Tensor rdiv(const Tensor& a, double b) {
  return with_number(
      "DivBackward", a, b, [](const auto& x, const auto& y) { return y / x; },
      [sa = SavedTensor::input(a), b](const Tensor& g) {
        const Tensor x = sa.unpack();
        return Grads{neg(g) * b / (x * x)};
      });
}

Tensor neg(const Tensor& a) {
  detail::check_bool_negation(a);
  Tensor out = map_values(a, [](const auto& x) { return -x; });
  if (needs_grad({a}))
    record("NegBackward", out, {a}, [](const Tensor& g) { return Grads{neg(g)}; });
  return out;
}

// pow computes with std::pow element by element (xt::vectorize), never xt::pow: xsimd's
// vectorised pow gets IEEE special values wrong (0^0 gives 0, 0^-1 gives 0, inf^0 and 1^inf give
// NaN), where PyTorch follows std::pow.
Tensor pow(const Tensor& base, double exponent) {
  Tensor out = map_floating_values(base, [exponent](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    return xt::eval(
        xt::vectorize([e = static_cast<T>(exponent)](T v) { return std::pow(v, e); })(x));
  });
  if (needs_grad({base})) {
    record("PowBackward", out, {base}, [sb = SavedTensor::input(base), exponent](const Tensor& g) {
      if (exponent == 0.0) return Grads{zeros_like(g)};
      return Grads{g * exponent * pow(sb.unpack(), exponent - 1.0)};
    });
  }
  return out;
}

Tensor pow(const Tensor& base, const Tensor& exponent) {
  if (base.defined() && exponent.defined() && !is_floating_point(result_type(base, exponent))) {
    return detail::integer_pow(base, exponent);
  }
  Tensor out = map_elements(base, exponent, [](const auto& x, const auto& y) {
    if constexpr (detail::is_element_v<decltype(x)>) {
      return static_cast<std::decay_t<decltype(x)>>(std::pow(x, y));
    } else {
      using T = detail::value_t<decltype(x)>;
      return xt::eval(xt::vectorize([](T u, T v) { return std::pow(u, v); })(x, y));
    }
  });
  if (needs_grad({base, exponent})) {
    record("PowBackward", out, {base, exponent},
           [sb = SavedTensor::input(base), se = SavedTensor::input(exponent)](
               const Tensor& g, const autograd::Node& self) {
             const Tensor x = sb.unpack(), y = se.unpack();
             Tensor grad_base, grad_exponent;
             if (self.needs_input_grad(0)) {
               // PyTorch masks the exponent-zero positions: d/dx x^0 is 0 even at x = 0.
               const Tensor exponent_is_zero =
                   mask_where(y, [](const auto& v) { return xt::equal(v, 0); });
               grad_base = reduce_to(
                   where(ne(exponent_is_zero, 0.0), zeros_like(g), g * y * pow(x, y - 1.0)), x);
             }
             if (self.needs_input_grad(1)) {
               // And 0^y with y >= 0 contributes no gradient to y (log 0 would give NaN); with
               // y < 0 it is inf * log 0 = -inf, as in PyTorch.
               const Tensor base_zero =
                   mask_where(x, [](const auto& v) { return xt::equal(v, 0); });
               const Tensor no_gradient =
                   base_zero * mask_where(y, [](const auto& v) { return v >= 0; });
               const Tensor safe = where(ne(no_gradient, 0.0), ones_like(x), x);
               grad_exponent = reduce_to(
                   where(ne(no_gradient, 0.0), zeros_like(g), g * pow(safe, y) * log(safe)), y);
             }
             return Grads{grad_base, grad_exponent};
           });
  }
  return out;
}

Tensor exp(const Tensor& a) {
  Tensor out = map_floating_values(a, [](const auto& x) { return xt::exp(x); });
  if (needs_grad({a})) {
    record("ExpBackward", out, {a},
           [so = SavedTensor::output(out)](const Tensor& g, const autograd::Node& self) {
             return Grads{g * so.unpack(self)};
           });
  }
  return out;
}

Tensor log(const Tensor& a) {
  Tensor out = map_floating_values(a, [](const auto& x) { return xt::log(x); });
  if (needs_grad({a})) {
    record("LogBackward", out, {a},
           [sa = SavedTensor::input(a)](const Tensor& g) { return Grads{g / sa.unpack()}; });
  }
  return out;
}

Tensor sqrt(const Tensor& a) {
  Tensor out = map_floating_values(a, [](const auto& x) { return xt::sqrt(x); });
  if (needs_grad({a})) {
    record("SqrtBackward", out, {a},
           [so = SavedTensor::output(out)](const Tensor& g, const autograd::Node& self) {
             return Grads{g / (so.unpack(self) * 2.0)};
           });
  }
  return out;
}

Tensor sign(const Tensor& a) {
  Tensor out = map_values(a, [](const auto& x) { return xt::sign(x); });
  if (needs_grad({a})) {
    record("SignBackward", out, {a}, [](const Tensor& g) { return Grads{zeros_like(g)}; });
  }
  return out;
}

Tensor abs(const Tensor& a) {
  if (a.defined() && a.dtype() == kBool) detail::throw_not_implemented("abs", kBool);
  Tensor out = map_values(a, [](const auto& x) { return xt::abs(x); });
  if (needs_grad({a})) {
    record("AbsBackward", out, {a},
           [sa = SavedTensor::input(a)](const Tensor& g) { return Grads{g * sign(sa.unpack())}; });
  }
  return out;
}

Tensor clamp(const Tensor& a, std::optional<double> min, std::optional<double> max) {
  XGRAD_CHECK(min || max, std::invalid_argument,
              "clamp(): At least one of 'min' or 'max' must not be None");
  const double lo = min.value_or(-INFINITY), hi = max.value_or(INFINITY);
  if (a.defined() && !a.is_floating_point()) return detail::clamp_integers(a, lo, hi);
  Tensor out = map_floating_values(a, [lo, hi](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    // max wins over min when min > max: every element becomes max, as in PyTorch; NaN stays
    // NaN (xt::maximum would drop it).
    return xt::where(xt::isnan(x), x,
                     xt::minimum(xt::maximum(x, static_cast<T>(lo)), static_cast<T>(hi)));
  });
  if (needs_grad({a})) {
    record("ClampBackward", out, {a}, [sa = SavedTensor::input(a), lo, hi](const Tensor& g) {
      const Tensor inside =
          mask_where(sa.unpack(), [lo, hi](const auto& x) { return x >= lo && x <= hi; });
      return Grads{g * inside};
    });
  }
  return out;
}

Tensor sigmoid(const Tensor& a) {
  Tensor out = map_floating_values(a, [](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    return T(1) / (T(1) + xt::exp(-x));
  });
  if (needs_grad({a})) {
    record("SigmoidBackward", out, {a},
           [so = SavedTensor::output(out)](const Tensor& g, const autograd::Node& self) {
             const Tensor s = so.unpack(self);
             return Grads{g * s * rsub(s, 1.0)};
           });
  }
  return out;
}

Tensor tanh(const Tensor& a) {
  Tensor out = map_floating_values(a, [](const auto& x) { return xt::tanh(x); });
  if (needs_grad({a})) {
    record("TanhBackward", out, {a},
           [so = SavedTensor::output(out)](const Tensor& g, const autograd::Node& self) {
             const Tensor t = so.unpack(self);
             return Grads{g * rsub(t * t, 1.0)};
           });
  }
  return out;
}

Tensor relu(const Tensor& a) {
  if (a.defined() && a.dtype() == kBool)
    XGRAD_FAIL(std::invalid_argument, "Boolean inputs not supported for relu");
  Tensor out = map_values(a, [](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    return xt::where(x < T(0), T(0), x);  // not xt::maximum, which turns NaN into 0
  });
  if (needs_grad({a})) {
    record("ReluBackward", out, {a},
           [so = SavedTensor::output(out)](const Tensor& g, const autograd::Node& self) {
             return Grads{g * mask_where(so.unpack(self), [](const auto& y) { return y > 0; })};
           });
  }
  return out;
}

Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b) {
  detail::check_defined(condition, "where");
  XGRAD_CHECK(condition.dtype() == kBool, std::invalid_argument,
              "where expected condition to be a boolean tensor, but got a tensor with dtype ",
              detail::scalar_type_title(condition.dtype()));
  broadcast_shapes(broadcast_shapes(condition.sizes(), a.sizes()), b.sizes());
  Tensor out = map_values(a, b, [&condition](const auto& x, const auto& y) {
    using T = detail::value_t<decltype(x)>;
    // The condition as T: xsimd cannot load a bool array as a mask.
    return detail::with_values_as<T>(condition, [&](const xt::xarray<T>& c) {
      return xt::xarray<T>(xt::where(xt::not_equal(c, T(0)), x, y));
    });
  });
  if (needs_grad({a, b})) {
    record(
        "WhereBackward", out, {a, b},
        [c = condition.detach(), a_meta = TensorMeta(a), b_meta = TensorMeta(b)](const Tensor& g) {
          const Tensor zero = zeros({}, g.dtype());
          return Grads{reduce_to(where(c, g, zero), a_meta), reduce_to(where(c, zero, g), b_meta)};
        });
  }
  return out;
}

Tensor operator+(const Tensor& a, const Tensor& b) {
  return add(a, b);
}
Tensor operator-(const Tensor& a, const Tensor& b) {
  return sub(a, b);
}
Tensor operator*(const Tensor& a, const Tensor& b) {
  return mul(a, b);
}
Tensor operator/(const Tensor& a, const Tensor& b) {
  return div(a, b);
}
Tensor operator+(const Tensor& a, double b) {
  return add(a, b);
}
Tensor operator-(const Tensor& a, double b) {
  detail::check_bool_subtraction(a);
  return add(a, -b);
}
Tensor operator*(const Tensor& a, double b) {
  return mul(a, b);
}
Tensor operator/(const Tensor& a, double b) {
  return div(a, b);
}
Tensor operator+(double a, const Tensor& b) {
  return add(b, a);
}
Tensor operator-(double a, const Tensor& b) {
  return rsub(b, a);
}
Tensor operator*(double a, const Tensor& b) {
  return mul(b, a);
}
Tensor operator/(double a, const Tensor& b) {
  return rdiv(b, a);
}
Tensor operator-(const Tensor& a) {
  return neg(a);
}

}  // namespace xgrad
