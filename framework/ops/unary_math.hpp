#pragma once

#include "xgrad/framework/tensor.hpp"

// Elementwise functions that a composition of exp, log, pow would compute less accurately,
// as torch.log1p and torch.rsqrt.
namespace xgrad {

// log(1 + a), accurate for |a| much smaller than 1; -inf at -1, NaN below.
Tensor log1p(const Tensor& a);
// 1 / sqrt(a): inf at 0, -inf at -0, NaN for negative a.
Tensor rsqrt(const Tensor& a);

}  // namespace xgrad
