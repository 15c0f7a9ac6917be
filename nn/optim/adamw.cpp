#include "xgrad/nn/optim/adamw.hpp"

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/optim/adam.hpp"
#include "xgrad/nn/optim/options_check.hpp"

namespace xgrad::optim {

namespace {

void check_options(const OptimizerOptions& options) {
  const auto& o = options_as<AdamWOptions>(options, "AdamW");
  detail::check_adam_options(o.lr(), o.betas(), o.eps(), o.weight_decay());
}

}  // namespace

AdamW::AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults)
    : Optimizer(std::move(param_groups), defaults.clone(), check_options) {}

AdamW::AdamW(std::vector<Tensor> params, AdamWOptions defaults)
    : AdamW(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

AdamW::AdamW(std::initializer_list<Tensor> params, AdamWOptions defaults)
    : AdamW(std::vector<Tensor>(params), defaults) {}

void AdamW::step() {
  NoGradGuard no_grad;
  for (auto& group : param_groups()) {
    const auto& o = static_cast<const AdamWOptions&>(group.options());
    for (Tensor& p : group.params()) {
      Tensor g = p.grad();
      if (!g.defined()) continue;
      if (o.maximize()) g = -g;
      p.mul_(1.0 - o.lr() * o.weight_decay());
      detail::adam_update(p, g, state_of(p), o.lr(), o.betas(), o.eps(), o.amsgrad());
    }
  }
}

void AdamW::save_options(const OptimizerOptions& options, SettingsWriter& out) const {
  const auto& o = static_cast<const AdamWOptions&>(options);
  out.put("lr", o.lr());
  out.put("betas", std::get<0>(o.betas()), std::get<1>(o.betas()));
  out.put("eps", o.eps());
  out.put("weight_decay", o.weight_decay());
  out.put("amsgrad", o.amsgrad());
  out.put("maximize", o.maximize());
}

std::unique_ptr<OptimizerOptions> AdamW::load_options(const SettingsReader& in) const {
  const auto [beta1, beta2] = in.pair("betas");
  return AdamWOptions(in.number("lr"))
      .betas({beta1, beta2})
      .eps(in.number("eps"))
      .weight_decay(in.number("weight_decay"))
      .amsgrad(in.flag("amsgrad"))
      .maximize(in.flag("maximize"))
      .clone();
}

}  // namespace xgrad::optim
