// The activations of nn/functional.hpp: each forward computes its values in one pass, as
// PyTorch's kernels do, and each backward is composed of differentiable ops, so double backward
// works; an exp in a branch that a mask discards is fed 0, so that it cannot overflow into a
// 0 * inf in double backward.
#include <cmath>
#include <stdexcept>
#include <string>
#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/comparison.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn::functional {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

namespace {

constexpr double kSqrt1_2 = 0.70710678118654752440;      // 1 / sqrt(2)
constexpr double kInvSqrt2Pi = 0.39894228040143267794;   // 1 / sqrt(2 pi)
constexpr double kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2 / pi)
constexpr double kGeluKappa = 0.044715;

// A constant tensor (no grad) of x's dtype: 1 where pred(x) holds, 0 elsewhere.
template <typename Pred>
Tensor mask_of(const Tensor& x, Pred pred) {
  return xgrad::detail::map_floating_values(x, [&](const auto& v) {
    using T = xgrad::detail::value_t<decltype(v)>;
    return xt::eval(xt::cast<T>(pred(v)));
  });
}

// The standard normal density, composed of differentiable ops.
Tensor normal_pdf(const Tensor& x) {
  return exp(x * x * -0.5) * kInvSqrt2Pi;
}

// The standard normal CDF 0.5 (1 + erf(x / sqrt 2)), with its own node so that gelu's gradient,
// which contains it, can be differentiated again.
Tensor normal_cdf(const Tensor& x) {
  Tensor out = xgrad::detail::map_floating_values(x, [](const auto& v) {
    using T = xgrad::detail::value_t<decltype(v)>;
    return T(0.5) * (T(1) + xt::erf(v * T(kSqrt1_2)));
  });
  if (needs_grad({x})) {
    record("NormalCdfBackward", out, {x}, [sx = SavedTensor::input(x)](const Tensor& g) {
      return Grads{g * normal_pdf(sx.unpack())};
    });
  }
  return out;
}

Tensor gelu_exact(const Tensor& input) {
  Tensor out = xgrad::detail::map_floating_values(input, [](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    return x * T(0.5) * (T(1) + xt::erf(x * T(kSqrt1_2)));
  });
  if (needs_grad({input})) {
    record("GeluBackward", out, {input}, [sx = SavedTensor::input(input)](const Tensor& g) {
      const Tensor x = sx.unpack();
      return Grads{g * (normal_cdf(x) + x * normal_pdf(x))};
    });
  }
  return out;
}

Tensor gelu_tanh(const Tensor& input) {
  Tensor out = xgrad::detail::map_floating_values(input, [](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    const auto inner = T(kSqrt2OverPi) * (x + T(kGeluKappa) * (x * x * x));
    return xt::eval(T(0.5) * x * (T(1) + xt::tanh(inner)));
  });
  if (needs_grad({input})) {
    record("GeluBackward", out, {input}, [sx = SavedTensor::input(input)](const Tensor& g) {
      // PyTorch's formula: 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3 kappa x^2).
      const Tensor x = sx.unpack();
      const Tensor x_sq = x * x;
      const Tensor t = tanh((x + x_sq * x * kGeluKappa) * kSqrt2OverPi);
      const Tensor inner_derivative = (x_sq * (3.0 * kGeluKappa) + 1.0) * kSqrt2OverPi;
      return Grads{g * ((t + 1.0) * 0.5 + x * 0.5 * rsub(t * t, 1.0) * inner_derivative)};
    });
  }
  return out;
}

}  // namespace

Tensor gelu(const Tensor& input, const std::string& approximate) {
  if (approximate == "none") return gelu_exact(input);
  if (approximate == "tanh") return gelu_tanh(input);
  XGRAD_FAIL(std::invalid_argument, "approximate argument must be either none or tanh.");
}

Tensor leaky_relu(const Tensor& input, double negative_slope) {
  Tensor out = xgrad::detail::map_floating_values(input, [negative_slope](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    return xt::where(x > T(0), x, x * static_cast<T>(negative_slope));
  });
  if (needs_grad({input})) {
    record("LeakyReluBackward", out, {input},
           [sx = SavedTensor::input(input), negative_slope](const Tensor& g) {
             const Tensor slope =
                 xgrad::detail::map_floating_values(sx.unpack(), [negative_slope](const auto& x) {
                   using T = xgrad::detail::value_t<decltype(x)>;
                   return xt::eval(xt::where(x > T(0), T(1), static_cast<T>(negative_slope)));
                 });
             return Grads{g * slope};
           });
  }
  return out;
}

Tensor elu(const Tensor& input, double alpha) {
  // exp(x) - 1, not expm1: PyTorch 1.13's kernel, whose values we reproduce.
  Tensor out = xgrad::detail::map_floating_values(input, [alpha](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    return xt::where(x <= T(0), (xt::exp(x) - T(1)) * static_cast<T>(alpha), x);
  });
  if (needs_grad({input})) {
    record("EluBackward", out, {input}, [sx = SavedTensor::input(input), alpha](const Tensor& g) {
      const Tensor x = sx.unpack();
      // NaN takes the exp branch, so its gradient is NaN, as in PyTorch's vectorised kernel
      // (its scalar loop, which runs on a tensor's last few elements, gives the gradient).
      const Tensor positive = mask_of(x, [](const auto& v) { return v > 0; });
      const Tensor exp_x = exp(where(ne(positive, 0.0), zeros_like(positive), x));
      return Grads{g * where(ne(positive, 0.0), ones_like(positive), exp_x * alpha)};
    });
  }
  return out;
}

Tensor softplus(const Tensor& input, double beta, double threshold) {
  Tensor out = xgrad::detail::map_floating_values(input, [beta, threshold](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    const auto scaled = x * static_cast<T>(beta);
    return xt::eval(xt::where(scaled > static_cast<T>(threshold), x,
                              xt::log1p(xt::exp(scaled)) / static_cast<T>(beta)));
  });
  if (needs_grad({input})) {
    record("SoftplusBackward", out, {input},
           [sx = SavedTensor::input(input), beta, threshold](const Tensor& g) {
             // z / (z + 1) with z = exp(beta x), and 1 where beta x > threshold (PyTorch's).
             const Tensor scaled = sx.unpack() * beta;
             const Tensor linear =
                 mask_of(scaled, [threshold](const auto& s) { return s > threshold; });
             const Tensor z = exp(where(ne(linear, 0.0), zeros_like(linear), scaled));
             return Grads{g * where(ne(linear, 0.0), ones_like(linear), z / (z + 1.0))};
           });
  }
  return out;
}

Tensor log_sigmoid(const Tensor& input) {
  // min(x, 0) - log1p(exp(-|x|)): exp never overflows, so the result is finite for any finite x.
  Tensor out = xgrad::detail::map_floating_values(input, [](const auto& x) {
    using T = xgrad::detail::value_t<decltype(x)>;
    return xt::where(x < T(0), x, T(0)) - xt::log1p(xt::exp(-xt::abs(x)));
  });
  if (needs_grad({input})) {
    record("LogSigmoidBackward", out, {input}, [sx = SavedTensor::input(input)](const Tensor& g) {
      // PyTorch's: 1 - z / (1 + z) for x < 0, z / (1 + z) otherwise, with z = exp(-|x|).
      const Tensor x = sx.unpack();
      const Tensor negative = mask_of(x, [](const auto& v) { return v < 0; });
      const Tensor z = exp(neg(abs(x)));
      const Tensor share = z / (z + 1.0);
      return Grads{g * where(ne(negative, 0.0), rsub(share, 1.0), share)};
    });
  }
  return out;
}

}  // namespace xgrad::nn::functional
