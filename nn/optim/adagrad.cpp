#include "xgrad/nn/optim/adagrad.hpp"

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/optim/options_check.hpp"
#include "xgrad/nn/optim/update_ops.hpp"

namespace xgrad::optim {

namespace {

// In PyTorch's order.
void check_adagrad_options(const OptimizerOptions& options) {
  const auto& o = options_as<AdagradOptions>(options, "Adagrad");
  check_at_least("Invalid learning rate: ", o.lr(), 0.0);
  check_at_least("Invalid lr_decay value: ", o.lr_decay(), 0.0);
  check_at_least("Invalid weight_decay value: ", o.weight_decay(), 0.0);
  check_at_least("Invalid initial_accumulator_value value: ", o.initial_accumulator_value(), 0.0);
  check_at_least("Invalid epsilon value: ", o.eps(), 0.0);
}

}  // namespace

Adagrad::Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults)
    : Optimizer(std::move(param_groups), defaults.clone(), check_adagrad_options) {
  NoGradGuard no_grad;
  for (const auto& group : this->param_groups()) {
    for (const Tensor& p : group.params()) {
      init_state(p, static_cast<const AdagradOptions&>(group.options()));
    }
  }
}

Adagrad::Adagrad(std::vector<Tensor> params, AdagradOptions defaults)
    : Adagrad(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

Adagrad::Adagrad(std::initializer_list<Tensor> params, AdagradOptions defaults)
    : Adagrad(std::vector<Tensor>(params), defaults) {}

void Adagrad::init_state(const Tensor& p, const AdagradOptions& o) {
  ParamState& s = state_of(p);
  if (s.step.defined()) return;
  s.step = tensor(0.0, kFloat64);
  s.sum = zeros_like(p).fill_(o.initial_accumulator_value());
}

void Adagrad::step() {
  NoGradGuard no_grad;
  for (auto& group : param_groups()) {
    const auto& o = static_cast<const AdagradOptions&>(group.options());
    for (Tensor& p : group.params()) {
      Tensor g = p.grad();
      if (!g.defined()) continue;
      init_state(p, o);  // a parameter of a group added later
      ParamState& s = state_of(p);
      const double step = s.step.add_(1.0).item<double>();
      if (o.maximize()) g = -g;
      if (o.weight_decay() != 0.0) g = g + p * o.weight_decay();
      const double clr = o.lr() / (1.0 + (step - 1.0) * o.lr_decay());
      detail::addcmul_(s.sum, g, g, 1.0);
      detail::addcdiv_(p, g, detail::sqrt_div_add(s.sum, 1.0, o.eps()), -clr);
    }
  }
}

void Adagrad::save_options(const OptimizerOptions& options, SettingsWriter& out) const {
  const auto& o = static_cast<const AdagradOptions&>(options);
  out.put("lr", o.lr());
  out.put("lr_decay", o.lr_decay());
  out.put("weight_decay", o.weight_decay());
  out.put("initial_accumulator_value", o.initial_accumulator_value());
  out.put("eps", o.eps());
  out.put("maximize", o.maximize());
}

std::unique_ptr<OptimizerOptions> Adagrad::load_options(const SettingsReader& in) const {
  return AdagradOptions(in.number("lr"))
      .lr_decay(in.number("lr_decay"))
      .weight_decay(in.number("weight_decay"))
      .initial_accumulator_value(in.number("initial_accumulator_value"))
      .eps(in.number("eps"))
      .maximize(in.flag("maximize"))
      .clone();
}

}  // namespace xgrad::optim
