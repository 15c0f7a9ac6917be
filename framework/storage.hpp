#pragma once

#include <cstdint>
#include <variant>

#include <xtensor/xarray.hpp>

namespace xgrad {

// The values of a tensor: one xarray of the tensor's dtype (in Dtype's order). Tensors made by
// detach() share it.
struct Storage {
  std::variant<xt::xarray<float>, xt::xarray<double>, xt::xarray<int64_t>, xt::xarray<bool>> array;
  // Bumped by every in-place write through xgrad's ops; a saved tensor compares it at backward.
  uint64_t version = 0;
};

}  // namespace xgrad
