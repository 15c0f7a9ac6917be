#include "xgrad/framework/ops/softmax.hpp"

#include <xtensor/xmath.hpp>

#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

Tensor log_softmax(const Tensor& a, int64_t dim) {
  detail::check_floating(a, "log_softmax");
  const int64_t d = wrap_dim(dim, a.dim());
  if (a.numel() == 0) return a - logsumexp(a, {d}, /*keepdim=*/true);
  // Subtract the (constant) maximum first, as PyTorch does: a - logsumexp(a) would keep only
  // the absolute precision of logsumexp(a), which is poor in float32 for large inputs
  // (log_softmax([1e4, 1e4]) came out -0.69336). An infinite maximum shifts by 0.
  Tensor shift = amax(a.detach(), {d}, /*keepdim=*/true);
  shift = detail::map_floating_values(shift, [](const auto& m) {
    using T = detail::value_t<decltype(m)>;
    return xt::eval(xt::where(xt::isinf(m), T(0), m));
  });
  const Tensor shifted = a - shift;
  return shifted - logsumexp(shifted, {d}, /*keepdim=*/true);
}

Tensor softmax(const Tensor& a, int64_t dim) {
  detail::check_floating(a, "softmax");
  return exp(log_softmax(a, dim));
}

}  // namespace xgrad
