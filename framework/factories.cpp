#include "xgrad/framework/factories.hpp"

#include <cmath>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
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
  return make_filled(shape, options, [&](auto& values) {
    using T = detail::value_t<decltype(values)>;
    detail::with_generator([&](std::mt19937_64& engine) {
      for (T& v : values) v = static_cast<T>(distribution(engine));
    });
  });
}

template <typename T>
Tensor from_list(xt::xarray<T> values, const TensorOptions& options) {
  Tensor t = options.dtype() == dtype_of<T>()
                 ? detail::make_tensor(std::move(values))
                 : detail::with_dtype(options.dtype(), [&](auto tag) {
                     using U = decltype(tag);
                     return detail::make_tensor(xt::xarray<U>(xt::cast<U>(values)));
                   });
  return with_options(std::move(t), options);
}

// Refuses nested lists whose rows differ in length (xtensor would read past the short ones),
// in PyTorch's words: the first list at each depth sets the length expected there.
void check_lengths(double, size_t, std::vector<size_t>&) {}

template <typename T>
void check_lengths(std::initializer_list<T> list, size_t dim, std::vector<size_t>& lengths) {
  if (lengths.size() == dim) lengths.push_back(list.size());
  XGRAD_CHECK(list.size() == lengths[dim], std::invalid_argument, "expected sequence of length ",
              lengths[dim], " at dim ", dim, " (got ", list.size(), ")");
  for (const T& item : list) check_lengths(item, dim + 1, lengths);
}

template <typename T>
void check_not_ragged(std::initializer_list<T> list) {
  std::vector<size_t> lengths;
  check_lengths(list, 0, lengths);
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
    v.fill(static_cast<T>(value));
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

Tensor arange(double end, TensorOptions options) { return arange(0.0, end, 1.0, options); }

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
      v(i) = static_cast<T>(start + step * static_cast<double>(i));
  });
}

Tensor zeros_like(const Tensor& like) { return zeros(like.sizes(), like.dtype()); }
Tensor ones_like(const Tensor& like) { return ones(like.sizes(), like.dtype()); }
Tensor randn_like(const Tensor& like) { return randn(like.sizes(), like.dtype()); }

Tensor tensor(xt::xarray<float> values, bool requires_grad) {
  return detail::make_tensor(std::move(values)).requires_grad_(requires_grad);
}

Tensor tensor(xt::xarray<double> values, bool requires_grad) {
  return detail::make_tensor(std::move(values)).requires_grad_(requires_grad);
}

Tensor tensor(double value, TensorOptions options) { return from_list(xt::xarray<double>(value), options); }
Tensor tensor(xt::nested_initializer_list_t<double, 1> values, TensorOptions options) {
  return from_list(xt::xarray<double>(values), options);
}
Tensor tensor(xt::nested_initializer_list_t<double, 2> values, TensorOptions options) {
  check_not_ragged(values);
  return from_list(xt::xarray<double>(values), options);
}
Tensor tensor(xt::nested_initializer_list_t<double, 3> values, TensorOptions options) {
  check_not_ragged(values);
  return from_list(xt::xarray<double>(values), options);
}
Tensor tensor(xt::nested_initializer_list_t<double, 4> values, TensorOptions options) {
  check_not_ragged(values);
  return from_list(xt::xarray<double>(values), options);
}

}  // namespace xgrad
