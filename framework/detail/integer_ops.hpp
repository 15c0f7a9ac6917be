#pragma once

// The integer and bool cases of elementwise ops (framework/ops/integer_ops.cpp).

#include "xgrad/framework/tensor.hpp"

namespace xgrad::detail {

// PyTorch refuses `-` on bool tensors: subtraction with one or two of them, and negation.
void check_bool_subtraction(const Tensor& a, const Tensor& b);
void check_bool_subtraction(const Tensor& a);
void check_bool_negation(const Tensor& a);

// base ** exponent at their integer result type, exact, as PyTorch's.
Tensor integer_pow(const Tensor& base, const Tensor& exponent);

// clamp of an integer or bool tensor: int64 when both bounds are whole numbers (infinite for a
// missing bound), else the default dtype.
Tensor clamp_integers(const Tensor& a, double lo, double hi);

}  // namespace xgrad::detail
