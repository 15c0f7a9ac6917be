#pragma once

// Type promotion as PyTorch's (torch.promote_types, torch.result_type, torch.can_cast): the one
// place that decides the dtype of an op's result.

#include "xgrad/framework/dtype.hpp"

namespace xgrad {

class Tensor;

// The kinds of C++ number an op can take beside a tensor (PyTorch's wrapped numbers).
enum class ScalarKind { kBool, kInteger, kFloating };

// The smallest dtype both convert to: bool < int64 < float32 < float64.
Dtype promote_types(Dtype a, Dtype b);

// The dtype of an op on `a` and `b`: promote_types, except that a 0-dim tensor promotes a tensor
// with dims only when its category (bool < integer < floating) is higher
// (ones({3}) + tensor(1.0, kFloat64) stays float32, tensor({1, 2}) + tensor(1.5) is float32).
Dtype result_type(const Tensor& a, const Tensor& b);
Dtype result_type(Dtype a, bool a_has_dims, Dtype b, bool b_has_dims);

// The dtype of an op on a tensor and a C++ number: a number of a higher category gives the
// default dtype (floating) or int64 (integer), else the tensor keeps its dtype.
Dtype result_type(const Tensor& tensor, ScalarKind scalar);
Dtype result_type(Dtype tensor, ScalarKind scalar);

// The dtype of a true division: result_type, or the default dtype when that is not floating.
Dtype floating_result_type(const Tensor& a, const Tensor& b);

// Whether an in-place op may write a `from` result into a `to` tensor (no float into an integer
// tensor, no integer into a bool tensor).
bool can_cast(Dtype from, Dtype to);

}  // namespace xgrad
