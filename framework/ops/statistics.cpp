#include "xgrad/framework/ops/statistics.hpp"

#include <algorithm>

#include "xgrad/autograd/function.hpp"
#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/comparison.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

namespace {

// What var and std reduce over: the reduced dims, the input's shape with each of them set to 1,
// and what the squared deviations are divided by.
struct ReducedDims {
  std::vector<int64_t> dims;
  std::vector<int64_t> kept_shape;
  double divisor;
};

// Refuses dims out of range; mean, which the values go through, refuses repeated ones.
ReducedDims reduction_of(const Tensor& a, Dims dims, bool unbiased) {
  const int64_t rank = a.dim();
  std::vector<int64_t> kept = a.sizes().vec();
  int64_t count = 1;
  if (dims.empty()) {
    count = a.numel();
    std::fill(kept.begin(), kept.end(), 1);
  } else {
    for (int64_t dim : dims) {
      const auto d = static_cast<size_t>(wrap_dim(dim, rank));
      if (rank == 0) continue;
      count *= kept[d];
      kept[d] = 1;
    }
  }
  // PyTorch divides by max(0, N - correction): no elements, or one with unbiased, give 0 / 0.
  const double divisor = std::max(0.0, static_cast<double>(count) - (unbiased ? 1.0 : 0.0));
  return {dims.vec(), kept, divisor};
}

// The variance's values in float64 (with no graph).
Tensor variance_values(const Tensor& a, const ReducedDims& r, bool keepdim) {
  NoGradGuard values_only;
  const Tensor x = a.to(kFloat64);
  const Tensor deviation = x - x.mean(r.dims, /*keepdim=*/true);
  return (deviation * deviation).sum(r.dims, keepdim) / r.divisor;
}

// PyTorch's var_backward: grad * 2 (x - mean(x)) / divisor, made of differentiable ops.
Tensor variance_backward(const Tensor& grad, const Tensor& x, const ReducedDims& r) {
  return grad.reshape(r.kept_shape) * (x - x.mean(r.dims, /*keepdim=*/true)) * (2.0 / r.divisor);
}

}  // namespace

Tensor var(const Tensor& a) {
  return var(a, {}, /*unbiased=*/true, /*keepdim=*/false);
}

Tensor var(const Tensor& a, Dims dims, bool unbiased, bool keepdim) {
  detail::check_defined(a, "var");
  XGRAD_CHECK(a.is_floating_point(), std::invalid_argument,
              "var(): std and var only support floating point and complex dtypes");
  const ReducedDims r = reduction_of(a, dims, unbiased);
  Tensor out = variance_values(a, r, keepdim).to(a.dtype());
  if (needs_grad({a})) {
    record("VarBackward", out, {a}, [sa = SavedTensor::input(a), r](const Tensor& g) {
      return Grads{variance_backward(g, sa.unpack(), r)};
    });
  }
  return out;
}

Tensor std(const Tensor& a) {
  return std(a, {}, /*unbiased=*/true, /*keepdim=*/false);
}

Tensor std(const Tensor& a, Dims dims, bool unbiased, bool keepdim) {
  detail::check_defined(a, "std");
  XGRAD_CHECK(a.is_floating_point(), std::invalid_argument,
              "std(): std and var only support floating point and complex dtypes");
  const ReducedDims r = reduction_of(a, dims, unbiased);
  Tensor out;
  {
    NoGradGuard values_only;
    out = sqrt(variance_values(a, r, keepdim)).to(a.dtype());
  }
  if (needs_grad({a})) {
    record("StdBackward", out, {a},
           [sa = SavedTensor::input(a), so = SavedTensor::output(out), r](
               const Tensor& g, const autograd::Node& self) {
             // d std = d var / (2 std), and 0 where std is 0; the divisor is kept nonzero there so
             // that double backward through the unpicked branch gives 0, not 0 * inf.
             const Tensor s = so.unpack(self);
             const Tensor safe_s = where(ne(s, 0.0), s, ones_like(s));
             const Tensor grad_var = where(ne(s, 0.0), g / (safe_s * 2.0), zeros_like(g));
             return Grads{variance_backward(grad_var, sa.unpack(), r)};
           });
  }
  return out;
}

}  // namespace xgrad
