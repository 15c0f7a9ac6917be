#include "xgrad/framework/ops/selection.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/detail/lanes.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/reduction.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using Grads = std::vector<Tensor>;

namespace {

template <typename T>
bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(v);
  return false;
}

// The orders of selection: NaN above every number.
template <typename T>
bool greater(T x, T y) {
  return (is_nan(x) && !is_nan(y)) || x > y;
}
template <typename T>
bool less(T x, T y) {
  return (!is_nan(x) && is_nan(y)) || x < y;
}

// The lane positions of the k values first in `order` (stable: ties keep index order).
template <typename T, typename Order>
std::vector<int64_t> first_k(const std::vector<T>& lane, int64_t k, Order order) {
  std::vector<int64_t> positions(lane.size());
  std::iota(positions.begin(), positions.end(), 0);
  std::stable_sort(positions.begin(), positions.end(),
                   [&](int64_t i, int64_t j) { return order(lane[i], lane[j]); });
  positions.resize(static_cast<size_t>(k));
  return positions;
}

// The position of the extreme value: the first NaN, else the first of the ties.
template <typename T, typename Beats>
std::vector<int64_t> extreme(const std::vector<T>& lane, Beats beats) {
  int64_t best = 0;
  for (size_t i = 1; i < lane.size(); ++i) {
    if (!is_nan(lane[best]) && (is_nan(lane[i]) || beats(lane[i], lane[best])))
      best = static_cast<int64_t>(i);
  }
  return {best};
}

// The gradient of picked values: each value's gradient added at the position it came from.
Tensor scatter_picked(const Tensor& grad, const Tensor& indices, const std::vector<int64_t>& sizes,
                      int64_t dim, int64_t k) {
  Tensor out = zeros(sizes, grad.dtype());
  const detail::Lanes in = detail::lanes_of(sizes, dim);
  const detail::ContiguousValues<int64_t> index_values(indices);
  const int64_t* idx = index_values.data();
  detail::visit_floating_values(grad, "scatter", [&](const auto& g) {
    using T = detail::value_t<decltype(g)>;
    T* o = out.data<T>().data();
    for (int64_t outer = 0; outer < in.outer; ++outer) {
      for (int64_t j = 0; j < k; ++j) {
        for (int64_t inner = 0; inner < in.inner; ++inner) {
          const int64_t from = (outer * k + j) * in.inner + inner;
          o[(outer * in.n + idx[from]) * in.inner + inner] += g.data()[from];
        }
      }
    }
    return 0;
  });
  return out;
}

// Picks k elements of each lane along dim with choose(lane) and returns (values, indices); the
// dim keeps size k, or goes when !keepdim (k = 1).
template <typename Choose>
std::tuple<Tensor, Tensor> pick_along(const Tensor& a, int64_t dim, int64_t k, bool keepdim,
                                      const char* name, Choose choose) {
  detail::check_defined(a, name);
  const int64_t d = wrap_dim(dim, a.dim());
  const std::vector<int64_t> sizes = a.sizes().vec();
  const detail::Lanes lanes = detail::lanes_of(sizes, d);
  std::vector<int64_t> shape = sizes;
  if (!shape.empty()) {
    shape[static_cast<size_t>(d)] = k;
    if (!keepdim) shape.erase(shape.begin() + d);
  }
  xt::xarray<int64_t> indices(detail::to_xshape(shape));
  Tensor values = detail::visit_values(a, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    xt::xarray<T> out(detail::to_xshape(shape));
    std::vector<T> lane(static_cast<size_t>(lanes.n));
    for (int64_t outer = 0; outer < lanes.outer; ++outer) {
      for (int64_t inner = 0; inner < lanes.inner; ++inner) {
        for (int64_t i = 0; i < lanes.n; ++i)
          lane[i] = x.data()[(outer * lanes.n + i) * lanes.inner + inner];
        const std::vector<int64_t> chosen = choose(lane);
        for (int64_t j = 0; j < k; ++j) {
          const int64_t at = (outer * k + j) * lanes.inner + inner;
          out.data()[at] = lane[chosen[j]];
          indices.data()[at] = chosen[j];
        }
      }
    }
    return detail::make_tensor(std::move(out));
  });
  Tensor index_tensor = detail::make_tensor(std::move(indices));
  if (needs_grad({a})) {
    record(name, values, {a}, [index_tensor, sizes, d, k](const Tensor& g) {
      return Grads{scatter_picked(g, index_tensor, sizes, d, k)};
    });
  }
  return {values, index_tensor};
}

void check_nonempty_dim(const Tensor& a, int64_t dim, const char* op) {
  detail::check_defined(a, op);
  const int64_t d = wrap_dim(dim, a.dim());
  XGRAD_CHECK(a.dim() == 0 || a.size(d) != 0, std::out_of_range, op, "(): Expected reduction dim ",
              d, " to have non-zero size.");
}

std::tuple<Tensor, Tensor> extreme_along(const Tensor& a, int64_t dim, bool keepdim, bool is_max,
                                         const char* op, const char* node) {
  check_nonempty_dim(a, dim, op);
  return pick_along(a, dim, 1, keepdim, node, [is_max](const auto& lane) {
    using T = typename std::decay_t<decltype(lane)>::value_type;
    return is_max ? extreme(lane, greater<T>) : extreme(lane, [](T x, T y) { return x < y; });
  });
}

Tensor arg_all(const Tensor& a, bool is_max, const char* op) {
  detail::check_defined(a, op);
  XGRAD_CHECK(a.numel() != 0, std::out_of_range, op,
              "(): Expected reduction dim to be specified for input.numel() == 0.");
  return std::get<1>(extreme_along(a.reshape({-1}), 0, false, is_max, op, op));
}

}  // namespace

Tensor argmax(const Tensor& a) {
  return arg_all(a, true, "argmax");
}
Tensor argmin(const Tensor& a) {
  return arg_all(a, false, "argmin");
}
Tensor argmax(const Tensor& a, int64_t dim, bool keepdim) {
  return std::get<1>(extreme_along(a, dim, keepdim, true, "argmax", "argmax"));
}
Tensor argmin(const Tensor& a, int64_t dim, bool keepdim) {
  return std::get<1>(extreme_along(a, dim, keepdim, false, "argmin", "argmin"));
}

std::tuple<Tensor, Tensor> max(const Tensor& a, int64_t dim, bool keepdim) {
  return extreme_along(a, dim, keepdim, true, "max", "MaxBackward");
}
std::tuple<Tensor, Tensor> min(const Tensor& a, int64_t dim, bool keepdim) {
  return extreme_along(a, dim, keepdim, false, "min", "MinBackward");
}

Tensor min(const Tensor& a) {
  detail::check_defined(a, "min");
  XGRAD_CHECK(a.numel() != 0, std::invalid_argument,
              "min(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");
  if (a.dtype() == kBool) return std::get<0>(min(a.reshape({-1}), 0));
  return neg(max(neg(a)));  // max() shares the gradient among ties and propagates NaN
}

std::tuple<Tensor, Tensor> topk(const Tensor& a, int64_t k, int64_t dim, bool largest,
                                bool /*sorted*/) {
  detail::check_defined(a, "topk");
  const int64_t d = wrap_dim(dim, a.dim());
  const int64_t n = a.dim() == 0 ? 1 : a.size(d);
  XGRAD_CHECK(k >= 0 && k <= n, std::invalid_argument, "selected index k out of range");
  return pick_along(a, d, k, true, "TopkBackward", [k, largest](const auto& lane) {
    using T = typename std::decay_t<decltype(lane)>::value_type;
    return largest ? first_k(lane, k, greater<T>) : first_k(lane, k, less<T>);
  });
}

std::tuple<Tensor, Tensor> sort(const Tensor& a, int64_t dim, bool descending) {
  detail::check_defined(a, "sort");
  const int64_t d = wrap_dim(dim, a.dim());
  const int64_t n = a.dim() == 0 ? 1 : a.size(d);
  return pick_along(a, d, n, true, "SortBackward", [n, descending](const auto& lane) {
    using T = typename std::decay_t<decltype(lane)>::value_type;
    return descending ? first_k(lane, n, greater<T>) : first_k(lane, n, less<T>);
  });
}

}  // namespace xgrad
