#pragma once

// A bool tensor holding f(x, y) of two broadcast operands read as T, one element at a time:
// xtensor 0.24 with xsimd gets some broadcast comparisons into bool wrong (see minmax.cpp), and
// xsimd cannot load bool arrays.

#include <cstdint>
#include <vector>

#include "xgrad/framework/detail/dispatch.hpp"

namespace xgrad::detail {

// The strides (in elements) that read an array of `sizes` at each index of `shape`, to which
// it broadcasts: 0 along the dims it is repeated in.
inline std::vector<int64_t> broadcast_strides(const std::vector<int64_t>& sizes,
                                              const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 0);
  int64_t stride = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    const size_t d = i + (shape.size() - sizes.size());
    strides[d] = sizes[i] == 1 ? 0 : stride;
    stride *= sizes[i];
  }
  return strides;
}

template <typename T, typename F>
Tensor broadcast_pair(const Tensor& a, const Tensor& b, F&& f) {
  const std::vector<int64_t> shape = broadcast_shapes(a.sizes(), b.sizes());
  xt::xarray<bool> out(to_xshape(shape));
  if (out.size() == 0) return make_tensor(std::move(out));
  return with_values_as<T>(a, [&](const xt::xarray<T>& x) {
    return with_values_as<T>(b, [&](const xt::xarray<T>& y) {
      const std::vector<int64_t> sx = broadcast_strides(a.sizes().vec(), shape);
      const std::vector<int64_t> sy = broadcast_strides(b.sizes().vec(), shape);
      std::vector<int64_t> index(shape.size(), 0);
      int64_t ix = 0, iy = 0;
      const T* px = x.data();
      const T* py = y.data();
      bool* po = out.data();
      for (size_t n = 0; n < out.size(); ++n) {
        po[n] = f(px[ix], py[iy]);
        // Advance the multi-index like an odometer, keeping both read offsets in step.
        for (size_t d = shape.size(); d-- > 0;) {
          ix += sx[d];
          iy += sy[d];
          if (++index[d] < shape[d]) break;
          ix -= sx[d] * shape[d];
          iy -= sy[d] * shape[d];
          index[d] = 0;
        }
      }
      return make_tensor(std::move(out));
    });
  });
}

}  // namespace xgrad::detail
