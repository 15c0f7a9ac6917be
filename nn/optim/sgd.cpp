#include "xgrad/nn/optim/sgd.hpp"

#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"

namespace xgrad::optim {

namespace {

// Checks the options (in PyTorch's order, before the parameters) and passes the parameters
// on. `!(v >= 0)` also refuses NaN.
std::vector<Tensor> check_options(const SGDOptions& o, std::vector<Tensor> params) {
  if (!(o.lr() >= 0.0))
    throw std::invalid_argument("Invalid learning rate: " + detail::format_number(o.lr()));
  if (!(o.momentum() >= 0.0)) {
    throw std::invalid_argument("Invalid momentum value: " + detail::format_number(o.momentum()));
  }
  if (!(o.weight_decay() >= 0.0)) {
    throw std::invalid_argument("Invalid weight_decay value: " +
                                detail::format_number(o.weight_decay()));
  }
  if (o.nesterov() && (o.momentum() <= 0.0 || o.dampening() != 0.0)) {
    throw std::invalid_argument("Nesterov momentum requires a momentum and zero dampening");
  }
  return params;
}

}  // namespace

SGD::SGD(std::vector<Tensor> params, SGDOptions options)
    : Optimizer(check_options(options, std::move(params))), options_(options) {
  momentum_buffers_.resize(params_.size());
}

void SGD::step() {
  NoGradGuard no_grad;
  const SGDOptions& o = options_;
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor& p = params_[i];
    Tensor d_p = p.grad();
    if (!d_p.defined()) continue;
    if (o.maximize()) d_p = -d_p;
    if (o.weight_decay() != 0.0) d_p = d_p + p * o.weight_decay();
    if (o.momentum() != 0.0) {
      Tensor& buf = momentum_buffers_[i];
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

StateDict SGD::state_dict() const {
  StateDict out = Optimizer::state_dict();
  put_setting(out, "lr", options_.lr());
  put_setting(out, "momentum", options_.momentum());
  put_setting(out, "dampening", options_.dampening());
  put_setting(out, "weight_decay", options_.weight_decay());
  put_setting(out, "nesterov", options_.nesterov());
  put_setting(out, "maximize", options_.maximize());
  for (size_t i = 0; i < momentum_buffers_.size(); ++i) {
    if (momentum_buffers_[i].defined()) {
      out.insert("state." + std::to_string(i) + ".momentum_buffer", momentum_buffers_[i]);
    }
  }
  return out;
}

void SGD::load_state_dict(const StateDict& state_dict) {
  SGDOptions options(number_setting(state_dict, "lr"));
  options.momentum(number_setting(state_dict, "momentum"))
      .dampening(number_setting(state_dict, "dampening"))
      .weight_decay(number_setting(state_dict, "weight_decay"))
      .nesterov(bool_setting(state_dict, "nesterov"))
      .maximize(bool_setting(state_dict, "maximize"));
  check_options(options, {});
  const auto states = parameter_states(state_dict, {"momentum_buffer"});
  std::vector<Tensor> buffers(params_.size());
  for (size_t i = 0; i < states.size(); ++i) {
    const auto found = states[i].find("momentum_buffer");
    if (found != states[i].end()) buffers[i] = found->second;
  }
  options_ = options;
  momentum_buffers_ = std::move(buffers);
}

Tensor SGD::momentum_buffer(size_t i) const {
  if (i >= momentum_buffers_.size()) {
    throw std::out_of_range("momentum_buffer: parameter index " + std::to_string(i) +
                            " is out of range for an optimizer of " +
                            std::to_string(momentum_buffers_.size()) + " parameters");
  }
  return momentum_buffers_[i];
}

}  // namespace xgrad::optim
