#pragma once

#include <initializer_list>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// Adagrad's settings with chained setters, as torch::optim::AdagradOptions:
// AdagradOptions(1e-2).lr_decay(0).weight_decay(0).initial_accumulator_value(0).eps(1e-10).
class AdagradOptions : public OptimizerCloneableOptions<AdagradOptions> {
 public:
  AdagradOptions(double lr = 1e-2) : lr_(lr) {}  // NOLINT(google-explicit-constructor): libtorch's
  XGRAD_ARG(double, lr);
  XGRAD_ARG(double, lr_decay) = 0.0;
  XGRAD_ARG(double, weight_decay) = 0.0;
  XGRAD_ARG(double, initial_accumulator_value) = 0.0;
  XGRAD_ARG(double, eps) = 1e-10;
  XGRAD_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { lr_ = lr; }
};

// Adagrad with PyTorch's rule (https://pytorch.org/docs/1.13/generated/torch.optim.Adagrad.html).
// For each parameter p with a gradient g, with its group's options, at step t:
//   g = maximize ? -g : g;  g += weight_decay * p;
//   clr = lr / (1 + (t - 1) * lr_decay);  sum += g * g;  p -= clr * g / (sqrt(sum) + eps)
// State: "step", "sum" (starting at initial_accumulator_value), set for every parameter when
// the optimizer is made, as PyTorch does.
class Adagrad : public Optimizer {
 public:
  // Throws std::invalid_argument in PyTorch's words for a negative lr, lr_decay, weight_decay,
  // initial_accumulator_value or eps, and as Optimizer does.
  Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults = {});
  Adagrad(std::vector<Tensor> params, AdagradOptions defaults = {});
  Adagrad(std::initializer_list<Tensor> params, AdagradOptions defaults = {});

  void step() override;

 protected:
  void save_options(const OptimizerOptions& options, SettingsWriter& out) const override;
  std::unique_ptr<OptimizerOptions> load_options(const SettingsReader& in) const override;
  std::vector<std::string> state_names() const override { return {"step", "sum"}; }

 private:
  // Sets a zero step count and the group's initial "sum" if the parameter has none yet.
  void init_state(const Tensor& p, const AdagradOptions& o);
};

}  // namespace xgrad::optim
