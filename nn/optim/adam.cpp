#include "xgrad/nn/optim/adam.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/optim/options_check.hpp"
#include "xgrad/nn/optim/update_ops.hpp"

namespace xgrad::optim {

namespace {

void check_adam_options(const OptimizerOptions& options) {
  const auto& o = options_as<AdamOptions>(options, "Adam");
  detail::check_adam_options(o.lr(), o.betas(), o.eps(), o.weight_decay());
}

}  // namespace

namespace detail {

void check_adam_options(double lr, const std::tuple<double, double>& betas, double eps,
                        double weight_decay) {
  check_at_least("Invalid learning rate: ", lr, 0.0);
  check_at_least("Invalid epsilon value: ", eps, 0.0);
  const auto [beta1, beta2] = betas;
  XGRAD_CHECK(beta1 >= 0.0 && beta1 < 1.0, std::invalid_argument,
              "Invalid beta parameter at index 0: ", beta1);
  XGRAD_CHECK(beta2 >= 0.0 && beta2 < 1.0, std::invalid_argument,
              "Invalid beta parameter at index 1: ", beta2);
  check_at_least("Invalid weight_decay value: ", weight_decay, 0.0);
}

void adam_update(Tensor& p, const Tensor& g, ParamState& state, double lr,
                 const std::tuple<double, double>& betas, double eps, bool amsgrad) {
  const auto [beta1, beta2] = betas;
  if (!state.step.defined()) {
    state.step = tensor(0.0, kFloat64);
    state.exp_avg = zeros_like(p);
    state.exp_avg_sq = zeros_like(p);
    if (amsgrad) state.max_exp_avg_sq = zeros_like(p);
  }
  state.step.add_(1.0);
  const double step = state.step.item<double>();
  state.exp_avg.mul_(beta1).add_(g, 1.0 - beta1);
  addcmul_(state.exp_avg_sq.mul_(beta2), g, g, 1.0 - beta2);
  const double bias_correction1 = 1.0 - std::pow(beta1, step);
  const double bias_correction2 = 1.0 - std::pow(beta2, step);
  const double step_size = lr / bias_correction1;
  const double bias_correction2_sqrt = std::sqrt(bias_correction2);
  Tensor* second_moment = &state.exp_avg_sq;
  if (amsgrad) {
    if (!state.max_exp_avg_sq.defined()) state.max_exp_avg_sq = zeros_like(p);
    second_moment = &maximum_(state.max_exp_avg_sq, state.exp_avg_sq);
  }
  addcdiv_(p, state.exp_avg, sqrt_div_add(*second_moment, bias_correction2_sqrt, eps), -step_size);
}

}  // namespace detail

Adam::Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults)
    : AdamBase(std::move(param_groups), defaults, check_adam_options) {}

Adam::Adam(std::vector<Tensor> params, AdamOptions defaults)
    : Adam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

Adam::Adam(std::initializer_list<Tensor> params, AdamOptions defaults)
    : Adam(std::vector<Tensor>(params), defaults) {}

void Adam::apply_weight_decay(Tensor& p, Tensor& g, double /*lr*/, double weight_decay) {
  if (weight_decay != 0.0) g = g + p * weight_decay;
}

}  // namespace xgrad::optim
