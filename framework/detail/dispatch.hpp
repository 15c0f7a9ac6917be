#pragma once

// Internal helpers for op implementations: wrapping xarrays into tensors and running a
// computation on a tensor's values at a given element type.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <xtensor/xarray.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/strided.hpp"
#include "xgrad/framework/detail/strided_binary.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/framework/type_promotion.hpp"

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
  switch (dtype) {
    case kFloat32:
      return f(float{});
    case kFloat64:
      return f(double{});
    case kInt64:
      return f(int64_t{});
    case kBool:
      break;
  }
  return f(bool{});
}

// PyTorch's title of a dtype in messages: "Float", "Double", "Long", "Bool".
const char* scalar_type_title(Dtype dtype);

// Throws PyTorch's `"op" not implemented for 'Long'`.
[[noreturn]] void throw_not_implemented(const char* op, Dtype dtype);

// Throws unless the op's input has a floating dtype (for kernels that exist for float and
// double only, and ops that PyTorch refuses on integers).
inline void check_floating(const Tensor& t, const char* op) {
  if (!t.is_floating_point()) throw_not_implemented(op, t.dtype());
}

// As with_dtype for the kernels that exist for float and double only.
template <typename F>
decltype(auto) with_floating_dtype(Dtype dtype, const char* op, F&& f) {
  if (dtype == kFloat32) return f(float{});
  if (dtype != kFloat64) throw_not_implemented(op, dtype);
  return f(double{});
}

// The tensor itself when it is floating, else its values converted to the default dtype: the
// input of a floating function (exp, log, sigmoid, ...) given integers, as in PyTorch.
inline Tensor to_floating(const Tensor& t) {
  return !t.defined() || t.is_floating_point() ? t : t.to(get_default_dtype());
}

// Throws unless `t` is defined: "<op>(): expected a defined Tensor, but got an undefined Tensor".
void check_defined(const Tensor& t, const char* op);

// The element type of an xarray (or of an xtensor expression).
template <typename Array>
using value_t = typename std::decay_t<Array>::value_type;

// Calls f with the tensor's values as a const xt::xarray<T>&, converting (copying) only when
// the tensor's dtype is not T or the tensor is a view (whose elements are gathered).
template <typename T, typename F>
decltype(auto) with_values_as(const Tensor& t, F&& f) {
  if (!t.defined()) throw_undefined(nullptr);
  const TensorImpl& impl = *t.impl();
  if (!impl.view) {
    if (auto* same = std::get_if<xt::xarray<T>>(&impl.storage->array)) return f(*same);
  }
  return std::visit(
      [&](const auto& stored) -> decltype(auto) {
        using S = value_t<decltype(stored)>;
        if (!impl.view) {
          const xt::xarray<T> converted = cast_array<T>(stored);
          return f(converted);
        }
        const xt::xarray<S> gathered = gather(stored, *impl.view);
        if constexpr (std::is_same_v<S, T>) {
          return f(gathered);
        } else {
          const xt::xarray<T> converted = cast_array<T>(gathered);
          return f(converted);
        }
      },
      impl.storage->array);
}

// Calls f with the values of type T of `impl` (whose storage holds `stored`) for an op that
// reads them once:
// - a tensor that owns its storage: the stored array;
// - with kViewsInPlace, a contiguous view (x[t], a narrow of the first dim, ...): a row-major
//   adaptor over its block of the buffer, read in place;
// - any other view (a transpose, an expand, a narrow of the last dim, ...): its elements gathered
//   into a new array first. xtensor vectorizes linear reads only: on 512x512 floats, a sigmoid of
//   a transpose read through its strides took 3,473 us against 1,760 us gathered first.
// map_values_as leaves kViewsInPlace off: each pair of operand types compiles a kernel of its
// own, and making an adaptor costs about 70 ns, half of a 4x4 add (map_elements_as reads views
// through their strides instead). Bool values are always given as an xarray (xsimd has no bool
// batches to read through).
template <bool kViewsInPlace, typename T, typename F>
decltype(auto) with_elementwise_values(const xt::xarray<T>& stored, const TensorImpl& impl, F&& f) {
  if (!impl.view) return f(stored);
  if constexpr (kViewsInPlace && !std::is_same_v<T, bool>) {
    const ViewGeometry& g = *impl.view;
    if (is_contiguous_geometry(g))
      return f(adapt_contiguous(element_at(stored.data(), g.offset), g.sizes));
  }
  const xt::xarray<T> gathered = gather(stored, *impl.view);
  return f(gathered);
}

// As with_elementwise_values for the values converted to T (a copy when the dtype is not T).
template <typename T, typename F>
decltype(auto) with_elementwise_values_as(const Tensor& t, F&& f) {
  if (!t.defined()) throw_undefined(nullptr);
  const TensorImpl& impl = *t.impl();
  if (auto* same = std::get_if<xt::xarray<T>>(&impl.storage->array))
    return with_elementwise_values<false>(*same, impl, std::forward<F>(f));
  return with_values_as<T>(t, std::forward<F>(f));
}

// Calls f with the tensor's values in their own type, read as with_elementwise_values reads them.
template <typename F>
decltype(auto) visit_elementwise_values(const Tensor& t, F&& f) {
  if (!t.defined()) throw_undefined(nullptr);
  const TensorImpl& impl = *t.impl();
  return std::visit(
      [&](const auto& stored) -> decltype(auto) {
        return with_elementwise_values<true>(stored, impl, f);
      },
      impl.storage->array);
}

// Calls f with the tensor's values in their own type: the stored array, or a view's elements
// gathered into a new one (which f may change without effect on the tensor).
template <typename F>
decltype(auto) visit_values(const Tensor& t, F&& f) {
  if (!t.defined()) throw_undefined(nullptr);
  const TensorImpl& impl = *t.impl();
  if (!impl.view) return std::visit(std::forward<F>(f), impl.storage->array);
  return std::visit(
      [&](const auto& stored) -> decltype(auto) {
        auto gathered = gather(stored, *impl.view);
        return f(gathered);
      },
      impl.storage->array);
}

// As visit_values for the kernels that exist for float and double only; `op` names the op in
// the error on other dtypes.
template <typename F>
decltype(auto) visit_floating_values(const Tensor& t, const char* op, F&& f) {
  if (!t.defined()) throw_undefined(op);
  const TensorImpl& impl = *t.impl();
  if (auto* values = std::get_if<xt::xarray<float>>(&impl.storage->array)) {
    if (!impl.view) return f(*values);
    auto gathered = gather(*values, *impl.view);
    return f(gathered);
  }
  if (auto* values = std::get_if<xt::xarray<double>>(&impl.storage->array)) {
    if (!impl.view) return f(*values);
    auto gathered = gather(*values, *impl.view);
    return f(gathered);
  }
  throw_not_implemented(op, t.dtype());
}

// Runs f(values) on the tensor's values as a mutable xt::xarray of its dtype, then marks them
// changed (bumps the storage's version): the stored array itself, or a view's elements gathered
// and written back.
template <typename F>
void update_stored_values(const Tensor& t, F&& f) {
  if (!t.defined()) throw_undefined(nullptr);
  TensorImpl& impl = *t.impl();
  std::visit(
      [&](auto& stored) {
        if (!impl.view) {
          f(stored);
          return;
        }
        auto values = gather(stored, *impl.view);
        f(values);
        scatter(stored, *impl.view, values);
      },
      impl.storage->array);
  ++impl.storage->version;
}

// A tensor's values of type T (its dtype) as one contiguous block: the stored array of a tensor
// that owns it, the buffer itself for a contiguous view, else a gathered copy held here.
template <typename T>
class ContiguousValues {
 public:
  explicit ContiguousValues(const Tensor& t) {
    if (!t.defined()) throw_undefined(nullptr);
    const TensorImpl& impl = *t.impl();
    const xt::xarray<T>* stored = std::get_if<xt::xarray<T>>(&impl.storage->array);
    if (!stored) throw_dtype_mismatch("values", dtype_of<T>(), t.dtype());
    if (!impl.view) {
      array_ = stored;
      data_ = stored->data();
    } else if (is_contiguous_geometry(*impl.view)) {
      data_ = element_at(stored->data(), impl.view->offset);
      sizes_ = impl.view->sizes;
    } else {
      copy_ = gather(*stored, *impl.view);
      array_ = &*copy_;
      data_ = copy_->data();
    }
  }
  const T* data() const { return data_; }
  // As an xarray; a contiguous view is copied on first use.
  const xt::xarray<T>& array() {
    if (!array_) {
      copy_.emplace(std::vector<size_t>(sizes_.begin(), sizes_.end()));
      std::copy(data_, data_ + copy_->size(), copy_->data());
      array_ = &*copy_;
    }
    return *array_;
  }

 private:
  const xt::xarray<T>* array_ = nullptr;
  const T* data_ = nullptr;
  std::vector<int64_t> sizes_;
  // Empty unless a copy is needed: a default xt::xarray is a 0-dim array that allocates.
  std::optional<xt::xarray<T>> copy_;
};

// A new tensor holding f(values) for each element type. f computes bool values as int64 (0 and
// 1; xsimd has no bool arithmetic), and the result is `!= 0` again.
template <typename F>
Tensor map_values(const Tensor& t, F&& f) {
  return visit_elementwise_values(t, [&](const auto& a) {
    using T = value_t<decltype(a)>;
    if constexpr (std::is_same_v<T, bool>) {
      const xt::xarray<int64_t> wide = cast_array<int64_t>(a);
      const xt::xarray<int64_t> out = f(wide);
      return make_tensor(cast_array<bool>(out));
    } else {
      xt::xarray<T> out = f(a);
      return make_tensor(std::move(out));
    }
  });
}

// A new tensor holding f(values) of a floating function: integer and bool values are converted
// to the default dtype first (exp, log, sqrt, sigmoid, tanh of integers, as in PyTorch).
template <typename F>
Tensor map_floating_values(const Tensor& t, F&& f) {
  const Tensor input = to_floating(t);
  return with_floating_dtype(input.dtype(), "floating function", [&](auto tag) {
    using T = decltype(tag);
    const TensorImpl& impl = *input.impl();
    const auto& stored = std::get<xt::xarray<T>>(impl.storage->array);
    return with_elementwise_values<true>(stored, impl, [&](const auto& a) {
      xt::xarray<T> out = f(a);
      return make_tensor(std::move(out));
    });
  });
}

// A new tensor holding f(a, b) at `dtype`; shapes must broadcast (checked first so that the
// error speaks PyTorch's words). A bool result is computed as int64, then `!= 0`. f takes xtensor
// expressions of the operands' values; with kElementwise it also takes two values of T and gives
// one, and when an operand is a view, the operands are read in place through their strides
// (strided_binary.hpp) instead of being gathered first.
template <bool kElementwise, typename F>
Tensor map_pair_as(Dtype dtype, const Tensor& a, const Tensor& b, F&& f) {
  if (dtype == kBool) {
    const Tensor wide = map_pair_as<kElementwise>(kInt64, a, b, std::forward<F>(f));
    return make_tensor(cast_array<bool>(wide.data<int64_t>()));
  }
  const std::vector<int64_t> shape = broadcast_shapes(a.sizes(), b.sizes());
  return with_dtype(dtype, [&](auto tag) {
    using T = std::conditional_t<std::is_same_v<decltype(tag), bool>, int64_t, decltype(tag)>;
    // An empty result is made directly: xtensor would still walk every outer index of an empty
    // broadcast, billions of them for sizes like [3, 2^32, 0].
    if (numel_of(shape) == 0) return make_tensor(xt::xarray<T>(to_xshape(shape)));
    if constexpr (kElementwise) {
      if (a.impl()->view || b.impl()->view) return make_tensor(map_strided<T, T>(shape, a, b, f));
    }
    return with_elementwise_values_as<T>(a, [&](const auto& x) {
      return with_elementwise_values_as<T>(b, [&](const auto& y) {
        xt::xarray<T> out = f(x, y);
        return make_tensor(std::move(out));
      });
    });
  });
}

// A new tensor holding f(a, b) at `dtype`, for an f of xtensor expressions (see map_pair_as).
template <typename F>
Tensor map_values_as(Dtype dtype, const Tensor& a, const Tensor& b, F&& f) {
  return map_pair_as<false>(dtype, a, b, std::forward<F>(f));
}

// A new tensor holding f(a, b) at the result type.
template <typename F>
Tensor map_values(const Tensor& a, const Tensor& b, F&& f) {
  return map_values_as(result_type(a, b), a, b, std::forward<F>(f));
}

// As map_values_as for an f that also computes one element from two values of T (x + y, ...):
// views are read in place through their strides.
template <typename F>
Tensor map_elements_as(Dtype dtype, const Tensor& a, const Tensor& b, F&& f) {
  return map_pair_as<true>(dtype, a, b, std::forward<F>(f));
}

// As map_values for an f that also computes one element from two values of T.
template <typename F>
Tensor map_elements(const Tensor& a, const Tensor& b, F&& f) {
  return map_elements_as(result_type(a, b), a, b, std::forward<F>(f));
}

// True for one value (an element of T), false for an xtensor expression: how an f given to
// map_elements tells which it was called with.
template <typename X>
inline constexpr bool is_element_v = std::is_arithmetic_v<std::decay_t<X>>;

// An f for map_elements from an arithmetic op (std::plus<>, ...): op(x, y) of xtensor
// expressions, or of two elements, where integers wrap around on overflow (as in PyTorch, and
// xsimd's batches) instead of overflowing, which is undefined behaviour.
template <typename Op>
auto arithmetic(Op op) {
  return [op](const auto& x, const auto& y) {
    using X = std::decay_t<decltype(x)>;
    if constexpr (std::is_integral_v<X>) {
      return static_cast<X>(op(static_cast<uint64_t>(x), static_cast<uint64_t>(y)));
    } else {
      return op(x, y);
    }
  };
}

}  // namespace xgrad::detail
