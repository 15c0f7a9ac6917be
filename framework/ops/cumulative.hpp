#pragma once

#include <cstdint>

#include "xgrad/framework/tensor.hpp"

// The running sum along a dim, as torch.cumsum: int64 and bool give int64, floating dtypes keep
// theirs. Its gradient is the running sum of the gradient taken from the end.
namespace xgrad {

Tensor cumsum(const Tensor& a, int64_t dim);

}  // namespace xgrad
