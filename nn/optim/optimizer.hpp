#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "xgrad/framework/state_dict.hpp"
#include "xgrad/framework/tensor.hpp"

namespace xgrad::optim {

// The base of every optimizer, as torch::optim::Optimizer: it holds handles to the parameters
// it updates (the same tensors as the model's, so an update is seen by the model) and leaves
// per-parameter state to the derived class.
class Optimizer {
 public:
  // Throws std::invalid_argument for an empty list ("optimizer got an empty parameter list"),
  // an undefined tensor, a non-leaf ("can't optimize a non-leaf Tensor") or a tensor listed twice
  // (PyTorch only warns, then updates it twice per step). A leaf that does
  // not require grad is accepted, as in PyTorch: it never has a gradient, so it is never
  // updated.
  explicit Optimizer(std::vector<Tensor> params);
  virtual ~Optimizer() = default;
  // Not copyable: a copy would share its state tensors (momentum buffers) with the original.
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;
  Optimizer(Optimizer&&) = default;
  Optimizer& operator=(Optimizer&&) = default;

  // One update of every parameter that has a gradient.
  virtual void step() = 0;
  // Drops every parameter's gradient (set_to_none, PyTorch's default) or fills it with zeros.
  void zero_grad(bool set_to_none = true);

  const std::vector<Tensor>& parameters() const { return params_; }

  // PyTorch's optimizer.state_dict(), flattened into tensors and strings: each parameter's state
  // as tensors named "state.<i>.<name>" (i indexes parameters(); e.g. SGD's
  // "state.0.momentum_buffer"), and the settings as metadata named "param_groups.0.<setting>"
  // (xgrad optimizers have one parameter group; "param_groups.0.params" lists the indices,
  // "[0, 1, 2]"). The tensors are the optimizer's own, not copies. xgrad::save writes it.
  virtual StateDict state_dict() const;
  // Restores what state_dict() gave, into an optimizer over the same parameters in the same
  // order: its settings, and copies of its state converted to each parameter's dtype. Throws
  // std::runtime_error naming the problem, and changes nothing, when the dict was made for
  // another number of parameters, lacks a setting, has a key this optimizer does not know or a
  // state tensor shaped unlike its parameter.
  virtual void load_state_dict(const StateDict& state_dict);

 protected:
  // Checks "param_groups.0.params" and splits the state tensors by parameter: out[i] maps a
  // state name of parameters()[i] to a new copy of its tensor with the parameter's dtype. Every
  // name must be one of `names`.
  std::vector<std::map<std::string, Tensor>> parameter_states(
      const StateDict& state_dict, const std::set<std::string>& names) const;
  // Settings as exact text ("0.05", "true") and back.
  static void put_setting(StateDict& state_dict, const std::string& name, double value);
  static void put_setting(StateDict& state_dict, const std::string& name, bool value);
  static double number_setting(const StateDict& state_dict, const std::string& name);
  static bool bool_setting(const StateDict& state_dict, const std::string& name);

  std::vector<Tensor> params_;
};

}  // namespace xgrad::optim
