#pragma once

#include <initializer_list>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// RMSprop's settings with chained setters, as torch::optim::RMSpropOptions:
// RMSpropOptions(1e-2).alpha(0.99).eps(1e-8).weight_decay(0).momentum(0).centered(false).
class RMSpropOptions : public OptimizerCloneableOptions<RMSpropOptions> {
 public:
  RMSpropOptions(double lr = 1e-2) : lr_(lr) {}  // NOLINT(google-explicit-constructor): libtorch's
  XGRAD_ARG(double, lr);
  XGRAD_ARG(double, alpha) = 0.99;
  XGRAD_ARG(double, eps) = 1e-8;
  XGRAD_ARG(double, weight_decay) = 0.0;
  XGRAD_ARG(double, momentum) = 0.0;
  XGRAD_ARG(bool, centered) = false;
  XGRAD_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { lr_ = lr; }
};

// RMSprop with PyTorch's rule (https://pytorch.org/docs/1.13/generated/torch.optim.RMSprop.html).
// For each parameter p with a gradient g, with its group's options:
//   g = maximize ? -g : g;  g += weight_decay * p;
//   v = alpha * v + (1 - alpha) * g * g;
//   centered: a = alpha * a + (1 - alpha) * g;  avg = sqrt(v - a * a) + eps;
//   else avg = sqrt(v) + eps;
//   with momentum: b = momentum * b + g / avg;  p -= lr * b;  else p -= lr * g / avg
// State: "step", "square_avg" (v), "grad_avg" (a, centered), "momentum_buffer" (b, momentum).
class RMSprop : public Optimizer {
 public:
  // Throws std::invalid_argument in PyTorch's words for a negative lr, eps, momentum,
  // weight_decay or alpha, and as Optimizer does.
  RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults = {});
  RMSprop(std::vector<Tensor> params, RMSpropOptions defaults = {});
  RMSprop(std::initializer_list<Tensor> params, RMSpropOptions defaults = {});

  void step() override;

 protected:
  void save_options(const OptimizerOptions& options, SettingsWriter& out) const override;
  std::unique_ptr<OptimizerOptions> load_options(const SettingsReader& in) const override;
  std::vector<std::string> state_names() const override {
    return {"step", "square_avg", "grad_avg", "momentum_buffer"};
  }
};

}  // namespace xgrad::optim
