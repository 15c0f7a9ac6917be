#pragma once

#include "xgrad/framework/tensor.hpp"

// Trigonometric functions, elementwise, as torch.sin and torch.cos (NaN for infinite input).
// Each backward is made of the other, so every order of derivative is available.
namespace xgrad {

Tensor sin(const Tensor& a);
Tensor cos(const Tensor& a);

}  // namespace xgrad
