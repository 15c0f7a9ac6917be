#pragma once

#include <initializer_list>
#include <tuple>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/adam_base.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// Adam's settings with chained setters, as torch::optim::AdamOptions:
// AdamOptions(1e-3).betas({0.9, 0.999}).eps(1e-8).weight_decay(0).amsgrad(false).
class AdamOptions : public OptimizerCloneableOptions<AdamOptions> {
 public:
  AdamOptions(double lr = 1e-3) : lr_(lr) {}  // NOLINT(google-explicit-constructor): libtorch's
  typedef std::tuple<double, double> betas_t;
  XGRAD_ARG(double, lr);
  XGRAD_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  XGRAD_ARG(double, eps) = 1e-8;
  XGRAD_ARG(double, weight_decay) = 0.0;
  XGRAD_ARG(bool, amsgrad) = false;
  XGRAD_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { lr_ = lr; }
};

// Adam with PyTorch's rule (https://pytorch.org/docs/1.13/generated/torch.optim.Adam.html).
// For each parameter p with a gradient g, with its group's options, at step t:
//   g = maximize ? -g : g;  g += weight_decay * p;
//   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g * g;
//   amsgrad: v_max = max(v_max, v), used instead of v below;
//   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
// State: "step", "exp_avg" (m), "exp_avg_sq" (v), "max_exp_avg_sq" (v_max, with amsgrad).
class Adam : public detail::AdamBase<AdamOptions> {
 public:
  // Throws std::invalid_argument in PyTorch's words for a negative lr, eps or weight_decay, a
  // beta outside [0, 1), and as Optimizer does.
  Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults = {});
  Adam(std::vector<Tensor> params, AdamOptions defaults = {});
  Adam(std::initializer_list<Tensor> params, AdamOptions defaults = {});

 protected:
  void apply_weight_decay(Tensor& p, Tensor& g, double lr, double weight_decay) override;
};

}  // namespace xgrad::optim
