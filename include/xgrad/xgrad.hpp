#pragma once

// Everything a program using xgrad needs: #include <xgrad/xgrad.hpp>

#include "xgrad/framework/dtype.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/reduction.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/framework/ops/softmax.hpp"
#include "xgrad/framework/random.hpp"
#include "xgrad/framework/serialization.hpp"
#include "xgrad/framework/shape.hpp"
#include "xgrad/framework/state_dict.hpp"
#include "xgrad/framework/tensor.hpp"

#include "xgrad/autograd/engine.hpp"
#include "xgrad/autograd/function.hpp"
#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/autograd/gradcheck.hpp"
#include "xgrad/autograd/node.hpp"

#include "xgrad/nn/functional.hpp"
#include "xgrad/nn/gru.hpp"
#include "xgrad/nn/gru_cell.hpp"
#include "xgrad/nn/init.hpp"
#include "xgrad/nn/linear.hpp"
#include "xgrad/nn/loss.hpp"
#include "xgrad/nn/module.hpp"
#include "xgrad/nn/optim/optimizer.hpp"
#include "xgrad/nn/optim/sgd.hpp"
#include "xgrad/nn/serialize.hpp"
#include "xgrad/nn/utils/clip_grad.hpp"
