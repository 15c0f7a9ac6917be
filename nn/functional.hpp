#pragma once

#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/softmax.hpp"

// The stateless forms of nn's layers and losses, as torch.nn.functional.
namespace xgrad::nn::functional {

using ::xgrad::linear;
using ::xgrad::log_softmax;
using ::xgrad::softmax;

}  // namespace xgrad::nn::functional
