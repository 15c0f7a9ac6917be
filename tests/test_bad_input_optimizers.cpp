// Bad input: nn/optim/optimizer.hpp, nn/optim/sgd.hpp, nn/utils/clip_grad.hpp.
// The tables read as bad_input_table.hpp says.
#include <doctest/doctest.h>

#include <cmath>

#include "bad_input_table.hpp"

TEST_CASE("optimizers_and_gradient_clipping_refuse_bad_options") {
  const Tensor p = zeros({2}, requires_grad());
  const Tensor not_a_leaf = p * 2.0;
  Tensor infinite = zeros({2}, requires_grad());
  infinite.set_grad(tensor({INFINITY, 1.0}));
  Tensor nan_gradient = zeros({2}, requires_grad());
  nan_gradient.set_grad(tensor({1.0, kNan}));
  const auto sgd = [&](const optim::SGDOptions& options) { optim::SGD({p}, options); };
  using nn::utils::clip_grad_norm_;
  using nn::utils::clip_grad_value_;
  using optim::SGDOptions;
  // clang-format off
  check_errors({
      {"SGD with a negative lr", [&] { sgd(SGDOptions(-1.0)); }, Error::InvalidArgument,
       "Invalid learning rate: -1"},
      {"SGD with a NaN lr", [&] { sgd(SGDOptions(kNan)); }, Error::InvalidArgument,
       "Invalid learning rate: nan"},
      {"SGD with a negative momentum", [&] { sgd(SGDOptions(0.1).momentum(-0.5)); },
       Error::InvalidArgument, "Invalid momentum value: -0.5"},
      {"SGD with a negative weight_decay", [&] { sgd(SGDOptions(0.1).weight_decay(-1)); },
       Error::InvalidArgument, "Invalid weight_decay value: -1"},
      {"SGD with nesterov and no momentum", [&] { sgd(SGDOptions(0.1).nesterov(true)); },
       Error::InvalidArgument, "Nesterov momentum requires a momentum and zero dampening"},
      {"SGD with nesterov and dampening",
       [&] { sgd(SGDOptions(0.1).momentum(0.9).dampening(0.1).nesterov(true)); },
       Error::InvalidArgument, "Nesterov momentum requires a momentum and zero dampening"},
      {"SGD of no parameters", [] { optim::SGD({}, SGDOptions(0.1)); }, Error::InvalidArgument,
       "optimizer got an empty parameter list"},
      {"SGD of a non-leaf", [&] { optim::SGD({not_a_leaf}, SGDOptions(0.1)); },
       Error::InvalidArgument, "can't optimize a non-leaf Tensor"},
      {"SGD of one parameter twice",
       [&] { optim::SGD({p, not_a_leaf.detach(), p}, SGDOptions(0.1)); }, Error::InvalidArgument,
       "optimizer got parameter 0 again as parameter 2"},
      {"SGD of an undefined tensor", [&] { optim::SGD({p, Tensor()}, SGDOptions(0.1)); },
       Error::LogicError, "add_param_group(): " + kUndefined},
      {"options of a parameter group that has none",
       [&] { optim::OptimizerParamGroup({p}).options(); }, Error::LogicError,
       "options(): the parameter group has no options"},
      {"SGD momentum buffer of a parameter it does not have",
       [&] { optim::SGD({p}, SGDOptions(0.1)).momentum_buffer(1); }, Error::OutOfRange,
       "momentum_buffer(): parameter index 1 is out of range for an optimizer of 1 parameters"},
      {"clip_grad_norm_ with norm_type 0", [&] { clip_grad_norm_({p}, 1.0, 0.0); },
       Error::InvalidArgument, "clip_grad_norm_(): norm_type must be positive or INFINITY, got 0"},
      {"clip_grad_norm_ with a negative norm_type", [&] { clip_grad_norm_({p}, 1.0, -2.0); },
       Error::InvalidArgument, "norm_type must be positive or INFINITY, got -2"},
      {"clip_grad_norm_ with a NaN norm_type", [&] { clip_grad_norm_({p}, 1.0, kNan); },
       Error::InvalidArgument, "norm_type must be positive or INFINITY, got nan"},
      {"clip_grad_norm_ with a NaN max_norm", [&] { clip_grad_norm_({p}, kNan); },
       Error::InvalidArgument, "clip_grad_norm_(): max_norm must not be negative, got nan"},
      {"clip_grad_norm_ with a negative max_norm", [&] { clip_grad_norm_({p}, -1.0); },
       Error::InvalidArgument, "clip_grad_norm_(): max_norm must not be negative, got -1"},
      {"clip_grad_norm_ of an infinite gradient with error_if_nonfinite",
       [&] { clip_grad_norm_({infinite}, 1.0, 2.0, true); }, Error::RuntimeError,
       "The total norm of order 2 for gradients from `parameters` is non-finite"},
      {"clip_grad_norm_ of a NaN gradient with error_if_nonfinite",
       [&] { clip_grad_norm_({nan_gradient}, 1.0, INFINITY, true); }, Error::RuntimeError,
       "The total norm of order inf for gradients from `parameters` is non-finite"},
      {"clip_grad_norm_ of an undefined parameter", [&] { clip_grad_norm_({p, Tensor()}, 1.0); },
       Error::LogicError, "clip_grad_norm_(): " + kUndefined},
      {"clip_grad_value_ with a negative value", [&] { clip_grad_value_({p}, -1.0); },
       Error::InvalidArgument, "clip_grad_value_(): clip_value must not be negative, got -1"},
      {"clip_grad_value_ with a NaN value", [&] { clip_grad_value_({p}, kNan); },
       Error::InvalidArgument, "clip_value must not be negative, got nan"},
      {"clip_grad_value_ of an undefined parameter", [&] { clip_grad_value_({Tensor()}, 1.0); },
       Error::LogicError, "clip_grad_value_(): " + kUndefined},
  });
  // clang-format on
}
