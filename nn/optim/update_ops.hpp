#pragma once

// The in-place updates the optimizers' rules are written with, as PyTorch's tensor methods of
// the same names, each one pass over the values without temporaries. `a`, `b` and `other` must
// have self's shape; they are read at self's dtype.
#include "xgrad/framework/tensor.hpp"

namespace xgrad::optim::detail {

// self += value * a * b (torch.Tensor.addcmul_)
Tensor& addcmul_(Tensor& self, const Tensor& a, const Tensor& b, double value);
// self += value * a / b (torch.Tensor.addcdiv_)
Tensor& addcdiv_(Tensor& self, const Tensor& a, const Tensor& b, double value);
// self = max(self, other) elementwise (torch.maximum(self, other, out=self))
Tensor& maximum_(Tensor& self, const Tensor& other);
// sqrt(t) / divisor + eps, a new tensor: the denominator of Adam's and RMSprop's steps.
Tensor sqrt_div_add(const Tensor& t, double divisor, double eps);

}  // namespace xgrad::optim::detail
