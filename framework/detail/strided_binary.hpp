#pragma once

// Elementwise functions of two broadcast operands read in place through their strides, for
// views that are not one contiguous block (a transpose, a permute, an expand, a narrow of the
// last dim). The output is written in row-major order: its inner dim by one tight loop chosen by
// the operands' strides along it (each contiguous, repeated or strided), its outer dims by an
// index counter. Gathering such a view first would cost a pass over it and an allocation.

#include <array>
#include <cstdint>
#include <variant>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xstorage.hpp>

#include "xgrad/framework/detail/strided.hpp"
#include "xgrad/framework/tensor.hpp"

namespace xgrad::detail {

// Sizes and strides held inline up to rank 6: a small op allocates nothing for its walk.
using Dims = xt::svector<int64_t, 6>;

// Where an operand's elements lie in its buffer: sizes, strides and offset, in elements.
struct OperandLayout {
  Dims sizes, strides;
  int64_t offset = 0;
};

// How to walk the output of two broadcast operands: its sizes, where neighbouring dims that
// every operand steps through as through one dim are merged and dims of size 1 dropped (at least
// one dim is left), and each operand's strides over them (0 along the dims it is broadcast in)
// and offset.
struct BinaryWalk {
  Dims sizes;
  std::array<Dims, 2> strides;
  std::array<int64_t, 2> offsets{};
};

// `shape` is the broadcast of a's and b's sizes.
BinaryWalk plan_binary_walk(const std::vector<int64_t>& shape, const OperandLayout& a,
                            const OperandLayout& b);

// out[i] = f(a[i * sa], b[i * sb]) for i < n, with one loop per common stride pattern so that the
// compiler vectorizes the contiguous ones.
template <typename T, typename R, typename F>
void binary_row(const T* a, int64_t sa, const T* b, int64_t sb, R* out, int64_t n, F& f) {
  if (sa == 1 && sb == 1) {
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (sa == 1 && sb == 0) {
    const T y = *b;
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], y);
  } else if (sa == 0 && sb == 1) {
    const T x = *a;
    for (int64_t i = 0; i < n; ++i) out[i] = f(x, b[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i * sa], b[i * sb]);
  }
}

// Writes f(x, y) for every element of the walk, in row-major order, to `out`; `a` and `b` are
// the operands' buffers (the walk's offsets are from them).
template <typename T, typename R, typename F>
void walk_binary(const BinaryWalk& walk, const T* a, const T* b, R* out, F&& f) {
  const size_t inner = walk.sizes.size() - 1;
  const int64_t n = walk.sizes[inner];
  const Dims& sa = walk.strides[0];
  const Dims& sb = walk.strides[1];
  int64_t rows = 1;
  for (size_t d = 0; d < inner; ++d) rows *= walk.sizes[d];
  Dims index(inner, 0);
  int64_t ia = walk.offsets[0], ib = walk.offsets[1];
  for (int64_t row = 0; row < rows; ++row, out += n) {
    binary_row(a + ia, sa[inner], b + ib, sb[inner], out, n, f);
    // Next row: carry through the outer dims.
    for (size_t d = inner; d-- > 0;) {
      if (++index[d] < walk.sizes[d]) {
        ia += sa[d];
        ib += sb[d];
        break;
      }
      ia -= (walk.sizes[d] - 1) * sa[d];
      ib -= (walk.sizes[d] - 1) * sb[d];
      index[d] = 0;
    }
  }
}

// An operand's values of type T where they lie: the storage's buffer and the tensor's layout
// when its dtype is T, else its values converted to T into a contiguous tensor held here.
template <typename T>
class StridedOperand {
 public:
  explicit StridedOperand(const Tensor& t)
      : held_(t.dtype() == dtype_of<T>() ? t : t.to(dtype_of<T>())) {
    const TensorImpl& impl = *held_.impl();
    const auto& stored = std::get<xt::xarray<T>>(impl.storage->array);
    data_ = stored.data();
    if (impl.view) {
      layout_.sizes.assign(impl.view->sizes.begin(), impl.view->sizes.end());
      layout_.strides.assign(impl.view->strides.begin(), impl.view->strides.end());
      layout_.offset = impl.view->offset;
    } else {
      layout_.sizes.assign(stored.shape().begin(), stored.shape().end());
      layout_.strides.assign(stored.strides().begin(), stored.strides().end());
    }
  }
  const T* data() const { return data_; }
  const OperandLayout& layout() const { return layout_; }

 private:
  Tensor held_;
  const T* data_ = nullptr;
  OperandLayout layout_;
};

// A new array of `shape` (non-empty) holding f(x, y) for the broadcast elements of a and b read
// as T in place. Never inlined, so that the owned tensors' path that calls it stays as small.
template <typename T, typename R, typename F>
[[gnu::noinline]] xt::xarray<R> map_strided(const std::vector<int64_t>& shape, const Tensor& a,
                                            const Tensor& b, F&& f) {
  const StridedOperand<T> x(a), y(b);
  auto out = xt::xarray<R>::from_shape(std::vector<size_t>(shape.begin(), shape.end()));
  walk_binary(plan_binary_walk(shape, x.layout(), y.layout()), x.data(), y.data(), out.data(), f);
  return out;
}

}  // namespace xgrad::detail
