#pragma once

#include "xgrad/framework/tensor.hpp"

// The elementwise maximum and minimum of two tensors, as torch.maximum and torch.minimum: they
// broadcast and promote like add, and NaN in either operand gives NaN. On ties each operand gets
// half the gradient; where either operand is NaN both get all of it, as in PyTorch.
namespace xgrad {

Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);

}  // namespace xgrad
