#pragma once

// Internal helpers for op implementations: wrapping xarrays into tensors and running a
// computation on a tensor's values at a given element type.

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <xtensor/xarray.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/tensor.hpp"

namespace xgrad::detail {

template <typename T>
Tensor make_tensor(xt::xarray<T>&& values) {
  auto storage = std::make_shared<Storage>(Storage{std::move(values), 0});
  return Tensor(std::make_shared<TensorImpl>(std::move(storage)));
}

inline std::vector<size_t> to_xshape(const std::vector<int64_t>& sizes) {
  return std::vector<size_t>(sizes.begin(), sizes.end());
}

template <typename Shape>
std::vector<int64_t> to_sizes(const Shape& shape) {
  return std::vector<int64_t>(shape.begin(), shape.end());
}

// Calls f(T{}) with T the element type of `dtype`.
template <typename F>
decltype(auto) with_dtype(Dtype dtype, F&& f) {
  if (dtype == kFloat32) return f(float{});
  return f(double{});
}

// Throws unless `t` is defined: "<op>(): expected a defined Tensor, but got an undefined Tensor".
void check_defined(const Tensor& t, const char* op);

// The element type of an xarray (or of an xtensor expression).
template <typename Array>
using value_t = typename std::decay_t<Array>::value_type;

// Calls f with the tensor's values as a const xt::xarray<T>&, converting (copying) only when
// the tensor's dtype is not T.
template <typename T, typename F>
decltype(auto) with_values_as(const Tensor& t, F&& f) {
  if (!t.defined()) throw_undefined(nullptr);
  if (auto* same = std::get_if<xt::xarray<T>>(&t.impl()->storage->array)) return f(*same);
  return std::visit(
      [&](const auto& other) -> decltype(auto) {
        const xt::xarray<T> converted = xt::cast<T>(other);
        return f(converted);
      },
      t.impl()->storage->array);
}

// Calls f with the tensor's values in their own type.
template <typename F>
decltype(auto) visit_values(const Tensor& t, F&& f) {
  if (!t.defined()) throw_undefined(nullptr);
  return std::visit(std::forward<F>(f), t.impl()->storage->array);
}

// A new tensor holding f(values) for each element type.
template <typename F>
Tensor map_values(const Tensor& t, F&& f) {
  return visit_values(t, [&](const auto& a) {
    using T = value_t<decltype(a)>;
    xt::xarray<T> out = f(a);
    return make_tensor(std::move(out));
  });
}

// PyTorch's result type: float64 wins, except that a 0-dim tensor does not promote a tensor
// that has dims (ones({3}) + tensor(1.0, kFloat64) stays float32).
inline Dtype result_type(const Tensor& a, const Tensor& b) {
  const bool a_scalar = a.dim() == 0, b_scalar = b.dim() == 0;
  if (a_scalar != b_scalar) return a_scalar ? b.dtype() : a.dtype();
  return promote_types(a.dtype(), b.dtype());
}

// A new tensor holding f(a, b) at the result type; shapes must broadcast (checked first so
// that the error speaks PyTorch's words).
template <typename F>
Tensor map_values(const Tensor& a, const Tensor& b, F&& f) {
  const std::vector<int64_t> shape = broadcast_shapes(a.sizes(), b.sizes());
  return with_dtype(result_type(a, b), [&](auto tag) {
    using T = decltype(tag);
    // An empty result is made directly: xtensor would still walk every outer index of an empty
    // broadcast, billions of them for sizes like [3, 2^32, 0].
    if (numel_of(shape) == 0) return make_tensor(xt::xarray<T>(to_xshape(shape)));
    return with_values_as<T>(a, [&](const xt::xarray<T>& x) {
      return with_values_as<T>(b, [&](const xt::xarray<T>& y) {
        xt::xarray<T> out = f(x, y);
        return make_tensor(std::move(out));
      });
    });
  });
}

}  // namespace xgrad::detail
