#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"

// Variance and standard deviation over all dims or the given ones, as torch.var and torch.std
// (dims as in mean: negative dims count from the end, an empty list means all dims). unbiased
// divides by N - 1 (Bessel's correction), otherwise by N; fewer than two elements with
// unbiased, or none, give NaN. float32 input is accumulated in float64, as PyTorch does.
namespace xgrad {

Tensor var(const Tensor& a);
Tensor var(const Tensor& a, Dims dims, bool unbiased = true, bool keepdim = false);
// The gradient of std is 0 where std is 0 (constant input), as PyTorch's.
Tensor std(const Tensor& a);
Tensor std(const Tensor& a, Dims dims, bool unbiased = true, bool keepdim = false);

}  // namespace xgrad
