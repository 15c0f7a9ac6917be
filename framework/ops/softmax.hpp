#pragma once

#include "xgrad/framework/tensor.hpp"

// Composed from logsumexp and arithmetic, so autograd differentiates them and they stay finite
// for large inputs.
namespace xgrad {

Tensor softmax(const Tensor& a, int64_t dim);
Tensor log_softmax(const Tensor& a, int64_t dim);

}  // namespace xgrad
