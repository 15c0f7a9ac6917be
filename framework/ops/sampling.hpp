#pragma once

#include <cstdint>

#include "xgrad/framework/tensor.hpp"

// Random sampling from given probabilities, drawn from xgrad's global generator (manual_seed
// makes them repeat; the streams are not PyTorch's).
namespace xgrad {

// num_samples category indices (int64) per row of 1-D or 2-D non-negative weights, which need
// not sum to one. Without replacement no category is drawn twice in a row.
Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement = false);
// 1 with probability p, else 0, elementwise, in p's (floating) dtype; p in [0, 1].
Tensor bernoulli(const Tensor& p);

}  // namespace xgrad
