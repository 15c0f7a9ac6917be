#pragma once

#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// SGD's settings with chained setters, as torch::optim::SGDOptions:
// SGDOptions(0.1).momentum(0.9).nesterov(true).
class SGDOptions {
 public:
  explicit SGDOptions(double lr) : lr_(lr) {}
  XGRAD_ARG(double, lr);
  XGRAD_ARG(double, momentum) = 0.0;
  XGRAD_ARG(double, dampening) = 0.0;
  XGRAD_ARG(double, weight_decay) = 0.0;
  XGRAD_ARG(bool, nesterov) = false;
  XGRAD_ARG(bool, maximize) = false;
};

// Stochastic gradient descent with PyTorch's rule (shared/spec/sgd.md). For each parameter p
// with a gradient g:
//   g = maximize ? -g : g;  g += weight_decay * p;
//   with momentum: buf = g on the first step, else momentum * buf + (1 - dampening) * g;
//                  g = nesterov ? g + momentum * buf : buf;
//   p -= lr * g
// Updates run under NoGradGuard, in place on the parameters' values.
class SGD : public Optimizer {
 public:
  // Throws std::invalid_argument in PyTorch's words for a negative lr, momentum or
  // weight_decay, for nesterov without momentum or with dampening, and as Optimizer does.
  SGD(std::vector<Tensor> params, SGDOptions options);

  void step() override;

  const SGDOptions& options() const { return options_; }
  SGDOptions& options() { return options_; }  // e.g. to change lr between steps

  // The momentum buffer of parameters()[i]: undefined until a step with momentum has updated
  // that parameter. The handle shares the buffer's values.
  Tensor momentum_buffer(size_t i) const;

  // The settings ("param_groups.0.lr", "...momentum", "...dampening", "...weight_decay",
  // "...nesterov", "...maximize") and the defined momentum buffers
  // ("state.<i>.momentum_buffer"), as Optimizer::state_dict describes. Loading it into an SGD
  // over the same parameters resumes training bit for bit.
  StateDict state_dict() const override;
  // Also throws std::invalid_argument, as the constructor does, for invalid settings.
  void load_state_dict(const StateDict& state_dict) override;

 private:
  SGDOptions options_;
  std::vector<Tensor> momentum_buffers_;
};

}  // namespace xgrad::optim
