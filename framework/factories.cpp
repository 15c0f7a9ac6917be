#include "xgrad/framework/factories.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <xtensor/xadapt.hpp>
#include <xtensor/xbuilder.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/random.hpp"

namespace xgrad {

namespace {

Tensor with_options(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) t.requires_grad_(true);
  return t;
}

// A tensor of `shape` whose values fill(values) writes.
template <typename Fill>
Tensor make_filled(const Shape& shape, const TensorOptions& options, Fill fill) {
  check_new_tensor_sizes(shape);
  Tensor t = detail::with_dtype(options.dtype(), [&](auto tag) {
    using T = decltype(tag);
    xt::xarray<T> values(detail::to_xshape(shape));
    fill(values);
    return detail::make_tensor(std::move(values));
  });
  return with_options(std::move(t), options);
}

template <typename Distribution>
Tensor make_random(const Shape& shape, const TensorOptions& options, Distribution distribution) {
  if (!is_floating_point(options.dtype()))
    detail::throw_not_implemented("random floats", options.dtype());
  return make_filled(shape, options, [&](auto& values) {
    using T = detail::value_t<decltype(values)>;
    detail::with_generator([&](std::mt19937_64& engine) {
      for (T& v : values) v = static_cast<T>(distribution(engine));
    });
  });
}

// The options with `dtype` unless they give one.
TensorOptions or_dtype(TensorOptions options, Dtype dtype) {
  if (!options.has_dtype()) options.dtype(dtype);
  return options;
}

template <typename T>
Tensor from_list(xt::xarray<T> values, const TensorOptions& options) {
  Tensor t = options.dtype() == dtype_of<T>()
                 ? detail::make_tensor(std::move(values))
                 : detail::with_dtype(options.dtype(), [&](auto tag) {
                     using U = decltype(tag);
                     return detail::make_tensor(detail::cast_array<U>(values));
                   });
  return with_options(std::move(t), options);
}

}  // namespace

Tensor zeros(const Shape& shape, TensorOptions options) {
  return make_filled(shape, options, [](auto& v) { v.fill(0); });
}

Tensor ones(const Shape& shape, TensorOptions options) {
  return make_filled(shape, options, [](auto& v) { v.fill(1); });
}

Tensor full(const Shape& shape, double value, TensorOptions options) {
  return make_filled(shape, options, [value](auto& v) {
    using T = detail::value_t<decltype(v)>;
    v.fill(detail::cast_value<T>(value));
  });
}

Tensor empty(const Shape& shape, TensorOptions options) {
  return make_filled(shape, options, [](auto&) {});
}

Tensor rand(const Shape& shape, TensorOptions options) {
  return make_random(shape, options, std::uniform_real_distribution<double>(0.0, 1.0));
}

Tensor randn(const Shape& shape, TensorOptions options) {
  return make_random(shape, options, std::normal_distribution<double>(0.0, 1.0));
}

Tensor arange(double end, TensorOptions options) {
  return arange(0.0, end, 1.0, options);
}

Tensor arange(double start, double end, double step, TensorOptions options) {
  XGRAD_CHECK(std::isfinite(start) && std::isfinite(end), std::invalid_argument,
              "arange(): unsupported range: ", start, " -> ", end);
  XGRAD_CHECK(step != 0.0 && !std::isnan(step), std::invalid_argument,
              "arange(): step must be nonzero, got ", step);
  XGRAD_CHECK(!((step > 0 && start > end) || (step < 0 && start < end)), std::invalid_argument,
              "arange(): upper bound and larger bound inconsistent with step sign");
  const double size = std::ceil((end - start) / step);
  XGRAD_CHECK(size <= static_cast<double>(std::numeric_limits<int64_t>::max()),
              std::invalid_argument, "arange(): invalid size, possible overflow? (", start, " -> ",
              end, " in steps of ", step, ")");
  const auto count = static_cast<int64_t>(size);
  return make_filled({count}, options, [start, step](auto& v) {
    using T = detail::value_t<decltype(v)>;
    for (size_t i = 0; i < v.size(); ++i)
      v(i) = detail::cast_value<T>(start + step * static_cast<double>(i));
  });
}

Tensor randint(int64_t low, int64_t high, const Shape& shape, TensorOptions options) {
  if (low >= high) {
    XGRAD_FAIL(std::invalid_argument, "random_ expects 'from' to be less than 'to', but got from=" +
                                          std::to_string(low) + " >= to=" + std::to_string(high));
  }
  std::uniform_int_distribution<int64_t> distribution(low, high - 1);
  return make_filled(shape, or_dtype(options, kInt64), [&](auto& values) {
    using T = detail::value_t<decltype(values)>;
    detail::with_generator([&](std::mt19937_64& engine) {
      for (T& v : values) v = static_cast<T>(distribution(engine));
    });
  });
}

Tensor randint(int64_t high, const Shape& shape, TensorOptions options) {
  return randint(0, high, shape, options);
}

Tensor randperm(int64_t n, TensorOptions options) {
  check_new_tensor_sizes({n});
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});
  detail::with_generator(
      [&](std::mt19937_64& engine) { std::shuffle(order.begin(), order.end(), engine); });
  return make_filled({n}, or_dtype(options, kInt64), [&](auto& values) {
    using T = detail::value_t<decltype(values)>;
    std::transform(order.begin(), order.end(), values.begin(),
                   [](int64_t v) { return static_cast<T>(v); });
  });
}

namespace detail {

Tensor arange_integers(int64_t start, int64_t end, int64_t step, TensorOptions options) {
  return arange(static_cast<double>(start), static_cast<double>(end), static_cast<double>(step),
                or_dtype(options, kInt64));
}

void throw_ragged_list(size_t dim, size_t expected, size_t got) {
  XGRAD_FAIL(std::invalid_argument, "expected sequence of length " + std::to_string(expected) +
                                        " at dim " + std::to_string(dim) + " (got " +
                                        std::to_string(got) + ")");
}

Tensor list_tensor(FlatList list, const TensorOptions& options) {
  const auto has = [&](ListNumber::Kind kind) {
    return std::any_of(list.values.begin(), list.values.end(),
                       [kind](const ListNumber& n) { return n.kind() == kind; });
  };
  const auto shape = to_xshape(list.sizes);
  if (list.values.empty() || has(ListNumber::Kind::kFloating)) {
    xt::xarray<double> values(shape);
    std::transform(list.values.begin(), list.values.end(), values.begin(),
                   [](const ListNumber& n) { return n.floating(); });
    return from_list(std::move(values), options);
  }
  xt::xarray<int64_t> values(shape);
  std::transform(list.values.begin(), list.values.end(), values.begin(),
                 [](const ListNumber& n) { return n.integer(); });
  if (!has(ListNumber::Kind::kInteger)) {
    return from_list(cast_array<bool>(values), or_dtype(options, kBool));
  }
  return from_list(std::move(values), or_dtype(options, kInt64));
}

}  // namespace detail

Tensor zeros_like(const Tensor& like, TensorOptions options) {
  return zeros(like.sizes(), or_dtype(options, like.dtype()));
}
Tensor ones_like(const Tensor& like, TensorOptions options) {
  return ones(like.sizes(), or_dtype(options, like.dtype()));
}
Tensor full_like(const Tensor& like, double value, TensorOptions options) {
  return full(like.sizes(), value, or_dtype(options, like.dtype()));
}
Tensor empty_like(const Tensor& like, TensorOptions options) {
  return empty(like.sizes(), or_dtype(options, like.dtype()));
}
Tensor rand_like(const Tensor& like, TensorOptions options) {
  return rand(like.sizes(), or_dtype(options, like.dtype()));
}
Tensor randn_like(const Tensor& like, TensorOptions options) {
  return randn(like.sizes(), or_dtype(options, like.dtype()));
}

Tensor tensor(xt::xarray<float> values, bool requires_grad) {
  return detail::make_tensor(std::move(values)).requires_grad_(requires_grad);
}

Tensor tensor(xt::xarray<double> values, bool requires_grad) {
  return detail::make_tensor(std::move(values)).requires_grad_(requires_grad);
}

Tensor tensor(xt::xarray<int64_t> values, bool requires_grad) {
  return detail::make_tensor(std::move(values)).requires_grad_(requires_grad);
}

Tensor tensor(xt::xarray<bool> values, bool requires_grad) {
  return detail::make_tensor(std::move(values)).requires_grad_(requires_grad);
}

Tensor tensor(std::initializer_list<detail::ListNumber> values, TensorOptions options) {
  return detail::list_tensor(values, options);
}
Tensor tensor(xt::nested_initializer_list_t<detail::ListNumber, 2> values, TensorOptions options) {
  return detail::list_tensor(values, options);
}
Tensor tensor(xt::nested_initializer_list_t<detail::ListNumber, 3> values, TensorOptions options) {
  return detail::list_tensor(values, options);
}
Tensor tensor(xt::nested_initializer_list_t<detail::ListNumber, 4> values, TensorOptions options) {
  return detail::list_tensor(values, options);
}

}  // namespace xgrad
