#pragma once

#include <initializer_list>
#include <tuple>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/adam_base.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim {

// AdamW's settings with chained setters, as torch::optim::AdamWOptions; as AdamOptions but with
// weight_decay 1e-2 by default.
class AdamWOptions : public OptimizerCloneableOptions<AdamWOptions> {
 public:
  AdamWOptions(double lr = 1e-3) : lr_(lr) {}  // NOLINT(google-explicit-constructor): libtorch's
  typedef std::tuple<double, double> betas_t;
  XGRAD_ARG(double, lr);
  XGRAD_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  XGRAD_ARG(double, eps) = 1e-8;
  XGRAD_ARG(double, weight_decay) = 1e-2;
  XGRAD_ARG(bool, amsgrad) = false;
  XGRAD_ARG(bool, maximize) = false;

 public:
  double get_lr() const override { return lr(); }
  void set_lr(double lr) override { lr_ = lr; }
};

// AdamW with PyTorch's rule (https://pytorch.org/docs/1.13/generated/torch.optim.AdamW.html):
// Adam's update (see Adam) with the weight decay decoupled from the gradient:
//   g = maximize ? -g : g;  p *= 1 - lr * weight_decay;  then Adam's step from g.
// State: "step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq" (with amsgrad).
class AdamW : public detail::AdamBase<AdamWOptions> {
 public:
  // Throws std::invalid_argument as Adam does.
  AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults = {});
  AdamW(std::vector<Tensor> params, AdamWOptions defaults = {});
  AdamW(std::initializer_list<Tensor> params, AdamWOptions defaults = {});

 protected:
  void apply_weight_decay(Tensor& p, Tensor& g, double lr, double weight_decay) override;
};

}  // namespace xgrad::optim
