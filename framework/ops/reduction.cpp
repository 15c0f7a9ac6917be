#include "xgrad/framework/ops/reduction.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <xsimd/xsimd.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xreducer.hpp>
#include <xtensor/xsort.hpp>

#include "xgrad/autograd/function.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/comparison.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"

namespace xgrad {

using autograd::needs_grad;
using autograd::record;
using autograd::SavedTensor;
using Grads = std::vector<Tensor>;

namespace {

// The reduced dims in ascending order; all dims when `dims` is empty.
std::vector<size_t> reduction_axes(Dims dims, int64_t rank) {
  std::vector<size_t> axes;
  if (dims.empty()) {
    for (int64_t d = 0; d < rank; ++d) axes.push_back(static_cast<size_t>(d));
    return axes;
  }
  std::vector<bool> seen(static_cast<size_t>(std::max<int64_t>(rank, 1)), false);
  for (int64_t dim : dims) {
    const auto d = static_cast<size_t>(wrap_dim(dim, rank));
    XGRAD_CHECK(!seen[d], std::invalid_argument, "dim ", d,
                " appears multiple times in the list of dims");
    seen[d] = true;
    if (rank > 0) axes.push_back(d);
  }
  std::sort(axes.begin(), axes.end());
  return axes;
}

// The input's shape with every reduced dim set to 1.
std::vector<int64_t> kept_shape(const std::vector<int64_t>& sizes,
                                const std::vector<size_t>& axes) {
  std::vector<int64_t> shape = sizes;
  for (size_t axis : axes) shape[axis] = 1;
  return shape;
}

std::vector<int64_t> reduced_shape(const std::vector<int64_t>& sizes,
                                   const std::vector<size_t>& axes) {
  std::vector<int64_t> shape;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (!std::binary_search(axes.begin(), axes.end(), d)) shape.push_back(sizes[d]);
  }
  return shape;
}

// The order of a's dims in its storage (by decreasing stride) when a is a permutation of a
// contiguous block but not contiguous itself (a transpose, a permute, ...); none otherwise.
std::optional<std::vector<int64_t>> storage_order(const Tensor& a) {
  if (a.is_contiguous()) return std::nullopt;
  ViewGeometry g = detail::geometry_of(*a.impl());
  std::vector<int64_t> order(g.sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t i, int64_t j) {
    return g.strides[static_cast<size_t>(i)] > g.strides[static_cast<size_t>(j)];
  });
  ViewGeometry permuted{{}, {}, g.offset};
  for (int64_t d : order) {
    permuted.sizes.push_back(g.sizes[static_cast<size_t>(d)]);
    permuted.strides.push_back(g.strides[static_cast<size_t>(d)]);
  }
  if (!detail::is_contiguous_geometry(permuted)) return std::nullopt;
  return order;
}

// Applies reducer(values, axes) and shapes the result for keepdim.
template <typename Reducer>
Tensor reduce_values(const Tensor& a, const std::vector<size_t>& axes, bool keepdim,
                     Reducer reducer) {
  const std::vector<int64_t> sizes = a.sizes().vec();
  const std::vector<int64_t> shape = keepdim ? kept_shape(sizes, axes) : reduced_shape(sizes, axes);
  if (const auto order = storage_order(a)) {
    // Reduced in the storage's order, where its elements are contiguous and read in place:
    // gathering a permuted view first walks memory with large strides (11x slower than PyTorch
    // for a transpose of (50, 32, 128)).
    NoGradGuard values_only;
    std::vector<size_t> mapped;
    std::vector<int64_t> inverse(order->size());
    for (size_t k = 0; k < order->size(); ++k) {
      const auto d = static_cast<size_t>((*order)[k]);
      inverse[d] = static_cast<int64_t>(k);
      if (std::binary_search(axes.begin(), axes.end(), d)) mapped.push_back(k);
    }
    const Tensor reduced = reduce_values(a.permute(*order), mapped, /*keepdim=*/true, reducer);
    return detail::map_values(reduced.permute(inverse), [&](const auto& x) {
      xt::xarray<detail::value_t<decltype(x)>> out = x;
      out.reshape(detail::to_xshape(shape));
      return out;
    });
  }
  return detail::visit_elementwise_values(a, [&](const auto& x) {
    using T = detail::value_t<decltype(x)>;
    if constexpr (std::is_same_v<T, bool>) {  // through int64: xsimd has no bool arithmetic
      return reduce_values(detail::make_tensor(detail::cast_array<int64_t>(x)), axes, keepdim,
                           reducer)
          .to(kBool);
    } else {
      if (x.size() == 0 && !axes.empty()) {
        // xtensor's immediate reducers read out of bounds on an empty input. The sum of nothing
        // is 0; amax has already refused an empty reduced dim, so its result is empty here.
        return detail::make_tensor(xt::xarray<T>(xt::zeros<T>(detail::to_xshape(shape))));
      }
      xt::xarray<T> out = axes.empty() ? xt::xarray<T>(x) : xt::xarray<T>(reducer(x, axes));
      out.reshape(detail::to_xshape(shape));
      return detail::make_tensor(std::move(out));
    }
  });
}

// Whether `shape` broadcasts to `target` (the shapes a gradient of `target` can be summed to).
bool broadcasts_to(const std::vector<int64_t>& shape, const std::vector<int64_t>& target) {
  if (shape.size() > target.size()) return false;
  const size_t lead = target.size() - shape.size();
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] != 1 && shape[d] != target[lead + d]) return false;
  }
  return true;
}

// Brings a reduced gradient back to the input's shape.
Tensor expand_reduced(const Tensor& grad, const std::vector<int64_t>& input_sizes,
                      const std::vector<size_t>& axes) {
  return grad.reshape(kept_shape(input_sizes, axes)).expand(input_sizes);
}

// The sum of n contiguous values. Floating point: SIMD partial sums in T over blocks, the blocks'
// sums added in double (PyTorch adds float32 in cascaded float partial sums; this is at least as
// accurate), about 10x faster than xtensor's reducer over all dims.
template <typename T>
T contiguous_sum(const T* values, size_t n) {
  if constexpr (std::is_floating_point_v<T>) {
    using Batch = xsimd::batch<T>;
    constexpr size_t kWidth = Batch::size, kBlock = 1024;
    double total = 0.0;
    for (size_t first = 0; first < n; first += kBlock) {
      const size_t last = std::min(n, first + kBlock);
      Batch even(T(0)), odd(T(0));
      size_t i = first;
      for (; i + 2 * kWidth <= last; i += 2 * kWidth) {
        even += Batch::load_unaligned(values + i);
        odd += Batch::load_unaligned(values + i + kWidth);
      }
      T block = xsimd::hadd(even + odd);
      for (; i < last; ++i) block += values[i];
      total += static_cast<double>(block);
    }
    return static_cast<T>(total);
  } else {
    return std::accumulate(values, values + n, T(0));
  }
}

Tensor sum_over(const Tensor& a, const std::vector<size_t>& axes, bool keepdim) {
  if (a.dtype() == kBool) return sum_over(a.to(kInt64), axes, keepdim);  // counts, as in PyTorch
  Tensor out = reduce_values(a, axes, keepdim, [](const auto& x, const auto& ax) {
    // x is row-major and contiguous (an xarray or an adaptor over a contiguous view).
    if (ax.size() == x.dimension()) {
      using Result = decltype(xt::sum(x, ax, xt::evaluation_strategy::immediate));
      Result total = Result::from_shape({});
      total() = contiguous_sum(x.data(), x.size());
      return total;
    }
    return xt::sum(x, ax, xt::evaluation_strategy::immediate);
  });
  if (needs_grad({a})) {
    record("SumBackward", out, {a}, [sizes = a.sizes().vec(), axes](const Tensor& g) {
      return Grads{expand_reduced(g, sizes, axes)};
    });
  }
  return out;
}

int64_t count_over(const std::vector<int64_t>& sizes, const std::vector<size_t>& axes) {
  int64_t n = 1;
  for (size_t axis : axes) n *= sizes[axis];
  return n;
}

// xtensor's amax skips NaN (std::max(1, NaN) is 1); PyTorch's max and amax propagate it.
template <typename Values, typename T = detail::value_t<Values>>
xt::xarray<T> amax_propagating_nan(const Values& x, const std::vector<size_t>& axes) {
  xt::xarray<T> top = xt::amax(x, axes, xt::evaluation_strategy::immediate);
  if constexpr (std::is_floating_point_v<T>) {
    if (xt::any(xt::isnan(x))) {
      const xt::xarray<T> nans =
          xt::sum(xt::cast<T>(xt::isnan(x)), axes, xt::evaluation_strategy::immediate);
      top = xt::where(nans > T(0), std::numeric_limits<T>::quiet_NaN(), top);
    }
  }
  return top;
}

Tensor amax_over(const Tensor& a, const std::vector<size_t>& axes, bool keepdim, const char* name) {
  const std::vector<int64_t> sizes = a.sizes().vec();
  for (size_t axis : axes) {
    XGRAD_CHECK(sizes[axis] != 0, std::invalid_argument, name, "(): Expected reduction dim ", axis,
                " to have non-zero size.");
  }
  Tensor out = reduce_values(
      a, axes, keepdim, [](const auto& x, const auto& ax) { return amax_propagating_nan(x, ax); });
  if (needs_grad({a})) {
    const bool is_max = std::string(name) == "max";
    record(
        is_max ? "MaxBackward" : "AmaxBackward", out, {a},
        [sa = SavedTensor::input(a), so = SavedTensor::output(out), sizes, axes](const Tensor& g) {
          // Ties share the gradient evenly, as PyTorch's amax does.
          const Tensor x = sa.unpack().detach();
          const Tensor top = so.unpack().reshape(kept_shape(sizes, axes));
          const Tensor is_top = where(ne(x - top, 0.0), zeros_like(x), ones_like(x));
          const Tensor count = sum_over(is_top, axes, /*keepdim=*/true);
          return Grads{expand_reduced(g, sizes, axes) * is_top / count};
        });
  }
  return out;
}

}  // namespace

Tensor sum(const Tensor& a) {
  return sum_over(a, reduction_axes({}, a.dim()), false);
}

Tensor sum(const Tensor& a, Dims dims, bool keepdim) {
  return sum_over(a, reduction_axes(dims, a.dim()), keepdim);
}

Tensor mean(const Tensor& a) {
  return mean(a, {}, false);
}

Tensor mean(const Tensor& a, Dims dims, bool keepdim) {
  const auto axes = reduction_axes(dims, a.dim());
  if (!a.is_floating_point()) {
    XGRAD_FAIL(
        std::invalid_argument,
        std::string(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or "
            "complex dtype. Got: ") +
            detail::scalar_type_title(a.dtype()));
  }
  const std::vector<int64_t> sizes = a.sizes().vec();
  const auto count = static_cast<double>(count_over(sizes, axes));
  Tensor out;
  {
    NoGradGuard values_only;
    out = sum_over(a, axes, keepdim) / count;
  }
  if (needs_grad({a})) {
    record("MeanBackward", out, {a}, [sizes, axes, count](const Tensor& g) {
      return Grads{expand_reduced(g / count, sizes, axes)};
    });
  }
  return out;
}

Tensor max(const Tensor& a) {
  XGRAD_CHECK(a.numel() != 0, std::invalid_argument,
              "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");
  return amax_over(a, reduction_axes({}, a.dim()), false, "max");
}

Tensor amax(const Tensor& a, Dims dims, bool keepdim) {
  return amax_over(a, reduction_axes(dims, a.dim()), keepdim, "amax");
}

Tensor logsumexp(const Tensor& a, Dims dims, bool keepdim) {
  if (!a.is_floating_point()) return logsumexp(detail::to_floating(a), dims, keepdim);
  const auto axes = reduction_axes(dims, a.dim());
  if (a.numel() == 0) return log(sum_over(exp(a), axes, keepdim));
  // Shifting by the (constant) maximum keeps exp finite; an infinite maximum shifts by 0.
  Tensor shift = amax_over(a.detach(), axes, /*keepdim=*/true, "logsumexp");
  shift = detail::map_floating_values(shift, [](const auto& m) {
    using T = detail::value_t<decltype(m)>;
    return xt::eval(xt::where(xt::isinf(m), T(0), m));
  });
  Tensor out = log(sum_over(exp(a - shift), axes, /*keepdim=*/true)) + shift;
  return keepdim ? out : out.reshape(reduced_shape(a.sizes().vec(), axes));
}

Tensor sum_to(const Tensor& grad, const std::vector<int64_t>& shape) {
  const std::vector<int64_t> sizes = grad.sizes().vec();
  if (sizes == shape) return grad;
  XGRAD_CHECK(broadcasts_to(shape, sizes), std::invalid_argument, "sum_to(): a gradient of shape ",
              sizes, " cannot be summed to ", shape, " (that shape does not broadcast to it)");
  const size_t lead = sizes.size() - shape.size();
  std::vector<int64_t> dims;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (d < lead || (shape[d - lead] == 1 && sizes[d] != 1))
      dims.push_back(static_cast<int64_t>(d));
  }
  Tensor reduced = dims.empty() ? grad : sum(grad, dims, /*keepdim=*/true);
  return reduced.reshape(shape);
}

Tensor reduce_to(const Tensor& grad, const TensorMeta& input) {
  Tensor reduced = sum_to(grad, input.sizes);
  return reduced.dtype() == input.dtype ? reduced : reduced.to(input.dtype);
}

Tensor reduce_to(const Tensor& grad, const Tensor& input) {
  return reduce_to(grad, TensorMeta(input));
}

}  // namespace xgrad
