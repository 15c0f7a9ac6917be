#include "xgrad/framework/ops/cumulative.hpp"

#include <vector>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/detail/lanes.hpp"

namespace xgrad {

namespace {

// The running sums of each lane along dim, from the first element or (reverse) from the last.
template <typename T>
xt::xarray<T> running_sums(const xt::xarray<T>& x, const detail::Lanes& lanes, bool reverse) {
  xt::xarray<T> out(x.shape());
  for (int64_t outer = 0; outer < lanes.outer; ++outer) {
    for (int64_t inner = 0; inner < lanes.inner; ++inner) {
      T total = 0;
      for (int64_t step = 0; step < lanes.n; ++step) {
        const int64_t i = reverse ? lanes.n - 1 - step : step;
        const int64_t at = (outer * lanes.n + i) * lanes.inner + inner;
        total += x.data()[at];
        out.data()[at] = total;
      }
    }
  }
  return out;
}

Tensor cumsum_lanes(const Tensor& a, int64_t d, bool reverse) {
  const detail::Lanes lanes = detail::lanes_of(a.sizes().vec(), d);
  return detail::visit_values(a, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    if constexpr (std::is_same_v<T, bool>) {
      return detail::make_tensor(running_sums(detail::cast_array<int64_t>(x), lanes, reverse));
    } else {
      return detail::make_tensor(running_sums(x, lanes, reverse));
    }
  });
}

}  // namespace

Tensor cumsum(const Tensor& a, int64_t dim) {
  detail::check_defined(a, "cumsum");
  const int64_t d = wrap_dim(dim, a.dim());
  Tensor out = cumsum_lanes(a, d, /*reverse=*/false);
  if (autograd::needs_grad({a})) {
    autograd::record("CumsumBackward", out, {a}, [d](const Tensor& g) {
      return std::vector<Tensor>{cumsum_lanes(g, d, /*reverse=*/true)};
    });
  }
  return out;
}

}  // namespace xgrad
