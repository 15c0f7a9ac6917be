#pragma once

// A bool tensor holding f(x, y) of two broadcast operands read as T, one element at a time:
// xtensor 0.24 with xsimd gets some broadcast comparisons into bool wrong (see minmax.cpp), and
// xsimd cannot load bool arrays. Views are read in place through their strides.

#include <cstdint>
#include <vector>

#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/detail/strided_binary.hpp"

namespace xgrad::detail {

template <typename T, typename F>
Tensor broadcast_pair(const Tensor& a, const Tensor& b, F&& f) {
  const std::vector<int64_t> shape = broadcast_shapes(a.sizes(), b.sizes());
  if (numel_of(shape) == 0) return make_tensor(xt::xarray<bool>(to_xshape(shape)));
  return make_tensor(map_strided<T, bool>(shape, a, b, f));
}

}  // namespace xgrad::detail
