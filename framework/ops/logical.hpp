#pragma once

#include <cstdint>

#include "xgrad/framework/tensor.hpp"

// Logical ops, as torch.logical_and, logical_or, logical_not, any and all: any dtype in (a value
// is true when it is not 0; NaN is true), a bool tensor out, no gradient. The binary forms
// broadcast. any and all reduce all elements, or one dim (keepdim keeps it with size 1); any of
// nothing is false, all of nothing true.
//
// masked_fill, as torch.masked_fill: `value` where the bool `mask` is true, `a` elsewhere;
// mask and a broadcast together, value is converted to a's dtype. The gradient flows to `a`
// where the mask is false.
namespace xgrad {

Tensor logical_and(const Tensor& a, const Tensor& b);
Tensor logical_or(const Tensor& a, const Tensor& b);
Tensor logical_not(const Tensor& a);

Tensor any(const Tensor& a);
Tensor any(const Tensor& a, int64_t dim, bool keepdim = false);
Tensor all(const Tensor& a);
Tensor all(const Tensor& a, int64_t dim, bool keepdim = false);

Tensor masked_fill(const Tensor& a, const Tensor& mask, double value);

}  // namespace xgrad
