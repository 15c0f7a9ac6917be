#pragma once

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/optim/optimizer.hpp"

namespace xgrad::optim::detail {

// Adam's update of p from g (maximize and any L2 weight decay already applied): counts the step,
// updates the moments and moves p.
void adam_update(Tensor& p, const Tensor& g, ParamState& state, double lr,
                 const std::tuple<double, double>& betas, double eps, bool amsgrad);
// PyTorch's checks of lr, eps, betas and weight_decay, in its order.
void check_adam_options(double lr, const std::tuple<double, double>& betas, double eps,
                        double weight_decay);

// What Adam and AdamW share: options with the same fields (AdamOptions and AdamWOptions, as
// libtorch's), saved and loaded alike, the same state, and Adam's update. They differ only in how
// the weight decay enters a step (apply_weight_decay).
template <typename Options>
class AdamBase : public Optimizer {
 public:
  void step() override {
    NoGradGuard no_grad;
    for (auto& group : param_groups()) {
      const auto& o = static_cast<const Options&>(group.options());
      for (Tensor& p : group.params()) {
        Tensor g = p.grad();
        if (!g.defined()) continue;
        if (o.maximize()) g = -g;
        apply_weight_decay(p, g, o.lr(), o.weight_decay());
        adam_update(p, g, state_of(p), o.lr(), o.betas(), o.eps(), o.amsgrad());
      }
    }
  }

 protected:
  AdamBase(std::vector<OptimizerParamGroup> param_groups, const Options& defaults,
           OptionsCheck check)
      : Optimizer(std::move(param_groups), defaults.clone(), std::move(check)) {}

  // Adam adds weight_decay * p to g; AdamW scales p by 1 - lr * weight_decay.
  virtual void apply_weight_decay(Tensor& p, Tensor& g, double lr, double weight_decay) = 0;

  void save_options(const OptimizerOptions& options, SettingsWriter& out) const override {
    const auto& o = static_cast<const Options&>(options);
    out.put("lr", o.lr());
    out.put("betas", std::get<0>(o.betas()), std::get<1>(o.betas()));
    out.put("eps", o.eps());
    out.put("weight_decay", o.weight_decay());
    out.put("amsgrad", o.amsgrad());
    out.put("maximize", o.maximize());
  }

  std::unique_ptr<OptimizerOptions> load_options(const SettingsReader& in) const override {
    const auto [beta1, beta2] = in.pair("betas");
    return Options(in.number("lr"))
        .betas({beta1, beta2})
        .eps(in.number("eps"))
        .weight_decay(in.number("weight_decay"))
        .amsgrad(in.flag("amsgrad"))
        .maximize(in.flag("maximize"))
        .clone();
  }

  std::vector<std::string> state_names() const override {
    return {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
  }
};

}  // namespace xgrad::optim::detail
