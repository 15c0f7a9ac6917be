#include "xgrad/nn/optim/sgd.hpp"

#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/nn/optim/options_check.hpp"

namespace xgrad::optim {

namespace {

// In PyTorch's order; `!(v >= 0)` also refuses NaN.
void check_sgd_options(const OptimizerOptions& options) {
  const auto& o = options_as<SGDOptions>(options, "SGD");
  check_at_least("Invalid learning rate: ", o.lr(), 0.0);
  check_at_least("Invalid momentum value: ", o.momentum(), 0.0);
  check_at_least("Invalid weight_decay value: ", o.weight_decay(), 0.0);
  XGRAD_CHECK(!o.nesterov() || (o.momentum() > 0.0 && o.dampening() == 0.0), std::invalid_argument,
              "Nesterov momentum requires a momentum and zero dampening");
}

}  // namespace

SGD::SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults)
    : Optimizer(std::move(param_groups), defaults.clone(), check_sgd_options) {}

SGD::SGD(std::vector<Tensor> params, SGDOptions defaults)
    : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))}, defaults) {}

SGD::SGD(std::initializer_list<Tensor> params, SGDOptions defaults)
    : SGD(std::vector<Tensor>(params), defaults) {}

void SGD::step() {
  NoGradGuard no_grad;
  for (auto& group : param_groups()) {
    const auto& o = static_cast<const SGDOptions&>(group.options());
    for (Tensor& p : group.params()) {
      Tensor d_p = p.grad();
      if (!d_p.defined()) continue;
      if (o.maximize()) d_p = -d_p;
      if (o.weight_decay() != 0.0) d_p = d_p + p * o.weight_decay();
      if (o.momentum() != 0.0) {
        Tensor& buf = state_of(p).momentum_buffer;
        if (!buf.defined()) {
          buf = d_p.clone();  // the first step takes the gradient whole, without dampening
        } else {
          buf.mul_(o.momentum()).add_(d_p, 1.0 - o.dampening());
        }
        d_p = o.nesterov() ? d_p + buf * o.momentum() : buf;
      }
      p.add_(d_p, -o.lr());
    }
  }
}

const SGDOptions& SGD::options() const {
  return static_cast<const SGDOptions&>(param_groups().front().options());
}

SGDOptions& SGD::options() {
  return static_cast<SGDOptions&>(param_groups().front().options());
}

Tensor SGD::momentum_buffer(size_t i) const {
  const size_t count = parameters().size();
  XGRAD_CHECK(i < count, std::out_of_range, "momentum_buffer(): parameter index ", i,
              " is out of range for an optimizer of ", count, " parameters");
  return state(i).momentum_buffer;
}

void SGD::save_options(const OptimizerOptions& options, SettingsWriter& out) const {
  const auto& o = static_cast<const SGDOptions&>(options);
  out.put("lr", o.lr());
  out.put("momentum", o.momentum());
  out.put("dampening", o.dampening());
  out.put("weight_decay", o.weight_decay());
  out.put("nesterov", o.nesterov());
  out.put("maximize", o.maximize());
}

std::unique_ptr<OptimizerOptions> SGD::load_options(const SettingsReader& in) const {
  return SGDOptions(in.number("lr"))
      .momentum(in.number("momentum"))
      .dampening(in.number("dampening"))
      .weight_decay(in.number("weight_decay"))
      .nesterov(in.flag("nesterov"))
      .maximize(in.flag("maximize"))
      .clone();
}

}  // namespace xgrad::optim
