#include "xgrad/nn/optim/rmsprop.hpp"

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/optim/options_check.hpp"
#include "xgrad/nn/optim/update_ops.hpp"

namespace xgrad::optim {

namespace {

// In PyTorch's order.
void check_rmsprop_options(const OptimizerOptions& options) {
  const auto& o = options_as<RMSpropOptions>(options, "RMSprop");
  check_at_least("Invalid learning rate: ", o.lr(), 0.0);
  check_at_least("Invalid epsilon value: ", o.eps(), 0.0);
  check_at_least("Invalid momentum value: ", o.momentum(), 0.0);
  check_at_least("Invalid weight_decay value: ", o.weight_decay(), 0.0);
  check_at_least("Invalid alpha value: ", o.alpha(), 0.0);
}

}  // namespace

RMSprop::RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults)
    : Optimizer(std::move(param_groups), defaults.clone(), check_rmsprop_options) {}

RMSprop::RMSprop(std::vector<Tensor> params, RMSpropOptions defaults)
    : RMSprop(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

RMSprop::RMSprop(std::initializer_list<Tensor> params, RMSpropOptions defaults)
    : RMSprop(std::vector<Tensor>(params), defaults) {}

void RMSprop::step() {
  NoGradGuard no_grad;
  for (auto& group : param_groups()) {
    const auto& o = static_cast<const RMSpropOptions&>(group.options());
    for (Tensor& p : group.params()) {
      Tensor g = p.grad();
      if (!g.defined()) continue;
      ParamState& s = state_of(p);
      if (!s.step.defined()) {
        s.step = tensor(0.0, kFloat64);
        s.square_avg = zeros_like(p);
      }
      s.step.add_(1.0);
      if (o.maximize()) g = -g;
      if (o.weight_decay() != 0.0) g = g + p * o.weight_decay();
      detail::addcmul_(s.square_avg.mul_(o.alpha()), g, g, 1.0 - o.alpha());
      Tensor avg;
      if (o.centered()) {
        if (!s.grad_avg.defined()) s.grad_avg = zeros_like(p);
        s.grad_avg.mul_(o.alpha()).add_(g, 1.0 - o.alpha());
        Tensor centered = s.square_avg.clone();
        avg = detail::sqrt_div_add(detail::addcmul_(centered, s.grad_avg, s.grad_avg, -1.0), 1.0,
                                   o.eps());
      } else {
        avg = detail::sqrt_div_add(s.square_avg, 1.0, o.eps());
      }
      if (o.momentum() > 0.0) {
        if (!s.momentum_buffer.defined()) s.momentum_buffer = zeros_like(p);
        detail::addcdiv_(s.momentum_buffer.mul_(o.momentum()), g, avg, 1.0);
        p.add_(s.momentum_buffer, -o.lr());
      } else {
        detail::addcdiv_(p, g, avg, -o.lr());
      }
    }
  }
}

void RMSprop::save_options(const OptimizerOptions& options, SettingsWriter& out) const {
  const auto& o = static_cast<const RMSpropOptions&>(options);
  out.put("lr", o.lr());
  out.put("alpha", o.alpha());
  out.put("eps", o.eps());
  out.put("weight_decay", o.weight_decay());
  out.put("momentum", o.momentum());
  out.put("centered", o.centered());
  out.put("maximize", o.maximize());
}

std::unique_ptr<OptimizerOptions> RMSprop::load_options(const SettingsReader& in) const {
  return RMSpropOptions(in.number("lr"))
      .alpha(in.number("alpha"))
      .eps(in.number("eps"))
      .weight_decay(in.number("weight_decay"))
      .momentum(in.number("momentum"))
      .centered(in.flag("centered"))
      .maximize(in.flag("maximize"))
      .clone();
}

}  // namespace xgrad::optim
