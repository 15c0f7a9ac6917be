#pragma once

#include <initializer_list>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// SGD's settings with chained setters, as torch::optim::SGDOptions:
// SGDOptions(0.1).momentum(0.9).nesterov(true).
class SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
 public:
  explicit SGDOptions(double lr) : lr_(lr) {}
  XGRAD_ARG(double, lr);
  XGRAD_ARG(double, momentum) = 0.0;
  XGRAD_ARG(double, dampening) = 0.0;
  XGRAD_ARG(double, weight_decay) = 0.0;
  XGRAD_ARG(bool, nesterov) = false;
  XGRAD_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { lr_ = lr; }
};

// Stochastic gradient descent with PyTorch's rule
// (https://pytorch.org/docs/1.13/generated/torch.optim.SGD.html). For each parameter p with a
// gradient g, with its group's options:
//   g = maximize ? -g : g;  g += weight_decay * p;
//   with momentum: buf = g on the first step, else momentum * buf + (1 - dampening) * g;
//                  g = nesterov ? g + momentum * buf : buf;
//   p -= lr * g
// Updates run under NoGradGuard, in place on the parameters' values.
class SGD : public Optimizer {
 public:
  // Throws std::invalid_argument in PyTorch's words for a negative lr, momentum or
  // weight_decay, for nesterov without momentum or with dampening, and as Optimizer does.
  SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults);
  SGD(std::vector<Tensor> params, SGDOptions defaults);
  SGD(std::initializer_list<Tensor> params, SGDOptions defaults);  // SGD({w, b}, ...), SGD({}, ...)

  void step() override;

  // The first group's options (those of every parameter unless groups were given), e.g. to
  // change lr between steps.
  const SGDOptions& options() const;
  SGDOptions& options();

  // The momentum buffer of parameters()[i]: undefined until a step with momentum has updated
  // that parameter. The handle shares the buffer's values.
  Tensor momentum_buffer(size_t i) const;

 protected:
  // Settings "lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"; state
  // "momentum_buffer".
  void save_options(const OptimizerOptions& options, SettingsWriter& out) const override;
  std::unique_ptr<OptimizerOptions> load_options(const SettingsReader& in) const override;
  std::vector<std::string> state_names() const override { return {"momentum_buffer"}; }
};

}  // namespace xgrad::optim
