#pragma once

#include <cstdint>
#include <initializer_list>
#include <type_traits>
#include <vector>

#include <xtensor/xarray.hpp>

#include "xgrad/framework/tensor.hpp"

// Tensor factories. `options` is a TensorOptions or a bare Dtype; it defaults to the default
// dtype (float32 unless set_default_dtype changed it), except where a factory says otherwise.
namespace xgrad {

using Shape = std::vector<int64_t>;

namespace detail {
// Selects the overloads for C++ integers and bools.
template <typename T>
using if_integral = std::enable_if_t<std::is_integral_v<T>, int>;

// One number of a braced list given to tensor(): its value, and whether C++ saw a bool, an
// integer or a floating-point number there, so that the list's dtype is inferred as
// torch.tensor infers it from Python numbers.
class ListNumber {
 public:
  enum class Kind { kBool, kInteger, kFloating };

  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  ListNumber(T value)  // NOLINT(google-explicit-constructor): an element of a braced list
      : kind_(std::is_same_v<T, bool> ? Kind::kBool
              : std::is_integral_v<T> ? Kind::kInteger
                                      : Kind::kFloating),
        floating_(static_cast<double>(value)),
        integer_(std::is_integral_v<T> ? static_cast<int64_t>(value) : 0) {}

  Kind kind() const { return kind_; }
  double floating() const { return floating_; }
  int64_t integer() const { return integer_; }  // for a bool or an integer only

 private:
  Kind kind_;
  double floating_;
  int64_t integer_;
};

// The numbers of a nested list in row-major order, and its sizes.
struct FlatList {
  std::vector<ListNumber> values;
  std::vector<int64_t> sizes;
};

inline void flatten_list(const ListNumber& value, size_t, FlatList& out) {
  out.values.push_back(value);
}

// Refuses rows of differing lengths, in PyTorch's words: the first list at each depth sets the
// length expected there.
[[noreturn]] void throw_ragged_list(size_t dim, size_t expected, size_t got);

template <typename T>
void flatten_list(std::initializer_list<T> list, size_t dim, FlatList& out) {
  if (out.sizes.size() == dim) out.sizes.push_back(static_cast<int64_t>(list.size()));
  if (static_cast<int64_t>(list.size()) != out.sizes[dim]) {
    throw_ragged_list(dim, static_cast<size_t>(out.sizes[dim]), list.size());
  }
  for (const T& item : list) flatten_list(item, dim + 1, out);
}

// The tensor of a flattened list: of the default dtype if any number is floating, else int64 if
// any is an integer, else bool; or of the dtype the options give.
Tensor list_tensor(FlatList list, const TensorOptions& options);

template <typename List>
Tensor list_tensor(const List& values, const TensorOptions& options) {
  FlatList list;
  flatten_list(values, 0, list);
  return list_tensor(std::move(list), options);
}

Tensor arange_integers(int64_t start, int64_t end, int64_t step, TensorOptions options);
}  // namespace detail

Tensor zeros(const Shape& shape, TensorOptions options = {});
Tensor ones(const Shape& shape, TensorOptions options = {});
Tensor full(const Shape& shape, double value, TensorOptions options = {});
Tensor empty(const Shape& shape, TensorOptions options = {});  // values unspecified
Tensor rand(const Shape& shape, TensorOptions options = {});   // U[0, 1), floating dtypes only
Tensor randn(const Shape& shape, TensorOptions options = {});  // N(0, 1), floating dtypes only
// Integers uniform in [low, high), int64 unless a dtype is given.
Tensor randint(int64_t low, int64_t high, const Shape& shape, TensorOptions options = {});
Tensor randint(int64_t high, const Shape& shape, TensorOptions options = {});
// A random permutation of 0, ..., n - 1, int64 unless a dtype is given.
Tensor randperm(int64_t n, TensorOptions options = {});
// [start, end) in steps of `step`, as PyTorch's arange: int64 when all three are C++ integers
// (arange(5)), else the default dtype (arange(0.0, 1.0, 0.25)), unless a dtype is given.
Tensor arange(double end, TensorOptions options = {});
Tensor arange(double start, double end, double step = 1.0, TensorOptions options = {});
template <typename E, detail::if_integral<E> = 0>
Tensor arange(E end, TensorOptions options = {}) {
  return detail::arange_integers(0, static_cast<int64_t>(end), 1, options);
}
template <typename S, typename E, typename P = int64_t, detail::if_integral<S> = 0,
          detail::if_integral<E> = 0, detail::if_integral<P> = 0>
Tensor arange(S start, E end, P step = 1, TensorOptions options = {}) {
  return detail::arange_integers(static_cast<int64_t>(start), static_cast<int64_t>(end),
                                 static_cast<int64_t>(step), options);
}

// Same shape and dtype as `like` unless `options` gives a dtype (no requires_grad, whatever
// `like` has, unless `options` asks for it).
Tensor zeros_like(const Tensor& like, TensorOptions options = {});
Tensor ones_like(const Tensor& like, TensorOptions options = {});
Tensor full_like(const Tensor& like, double value, TensorOptions options = {});
Tensor empty_like(const Tensor& like, TensorOptions options = {});
Tensor rand_like(const Tensor& like, TensorOptions options = {});
Tensor randn_like(const Tensor& like, TensorOptions options = {});

// Takes the xarray's values without copying them when given an rvalue.
Tensor tensor(xt::xarray<float> values, bool requires_grad = false);
Tensor tensor(xt::xarray<double> values, bool requires_grad = false);
Tensor tensor(xt::xarray<int64_t> values, bool requires_grad = false);
Tensor tensor(xt::xarray<bool> values, bool requires_grad = false);
// From numbers, as torch.tensor: a number or a braced list of up to 4 dims has the default dtype
// if any number in it is floating (tensor(1.5), tensor({1.0, 2}), tensor({{1.5, 2}, {3, 4}})),
// else int64 if any is an integer (tensor(3), tensor({{1, 2}, {3, 4}}), tensor({true, 2})), else
// bool (tensor({true, false})). A given dtype converts the values.
// (The number overload is a template so that a braced list of one number, tensor({1.5}), is a
// list, not a number, to every compiler.)
template <typename N, std::enable_if_t<std::is_arithmetic_v<N>, int> = 0>
Tensor tensor(N value, TensorOptions options = {}) {
  return detail::list_tensor(detail::ListNumber(value), options);
}
Tensor tensor(std::initializer_list<detail::ListNumber> values, TensorOptions options = {});
Tensor tensor(xt::nested_initializer_list_t<detail::ListNumber, 2> values,
              TensorOptions options = {});
Tensor tensor(xt::nested_initializer_list_t<detail::ListNumber, 3> values,
              TensorOptions options = {});
Tensor tensor(xt::nested_initializer_list_t<detail::ListNumber, 4> values,
              TensorOptions options = {});

}  // namespace xgrad
