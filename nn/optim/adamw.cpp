#include "xgrad/nn/optim/adamw.hpp"

#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/optim/adam.hpp"
#include "xgrad/nn/optim/options_check.hpp"

namespace xgrad::optim {

namespace {

void check_adamw_options(const OptimizerOptions& options) {
  const auto& o = options_as<AdamWOptions>(options, "AdamW");
  detail::check_adam_options(o.lr(), o.betas(), o.eps(), o.weight_decay());
}

}  // namespace

AdamW::AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults)
    : AdamBase(std::move(param_groups), defaults, check_adamw_options) {}

AdamW::AdamW(std::vector<Tensor> params, AdamWOptions defaults)
    : AdamW(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

AdamW::AdamW(std::initializer_list<Tensor> params, AdamWOptions defaults)
    : AdamW(std::vector<Tensor>(params), defaults) {}

void AdamW::apply_weight_decay(Tensor& p, Tensor& /*g*/, double lr, double weight_decay) {
  p.mul_(1.0 - lr * weight_decay);
}

}  // namespace xgrad::optim
