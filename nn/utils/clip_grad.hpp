#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"

// Gradient clipping, as torch.nn.utils. Parameters without a gradient are ignored; gradients
// are changed in place (under NoGradGuard), so call these between backward() and step().
namespace xgrad::nn::utils {

// Scales all gradients together so that their total norm_type-norm (as if they were one
// vector; norm_type = INFINITY: the largest absolute value) is at most max_norm: when
// coef = max_norm / (total + 1e-6) is below 1, every gradient is multiplied by coef. Returns
// the total norm before clipping (0 when no parameter has a gradient). norm_type must be
// positive and max_norm not negative (PyTorch accepts both, scaling by a negative or NaN coef). A
// non-finite total still scales the gradients (by 0 or NaN, as in PyTorch), unless
// error_if_nonfinite is set: then it throws std::runtime_error and leaves them alone.
double clip_grad_norm_(const std::vector<Tensor>& parameters, double max_norm,
                       double norm_type = 2.0, bool error_if_nonfinite = false);

// Clamps every gradient element to [-clip_value, clip_value]; clip_value must not be negative.
void clip_grad_value_(const std::vector<Tensor>& parameters, double clip_value);

}  // namespace xgrad::nn::utils
