#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "xgrad/framework/state_dict.hpp"
#include "xgrad/framework/tensor.hpp"

namespace xgrad::optim {

// The settings of one parameter group, as torch::optim::OptimizerOptions: each optimizer's
// options class (SGDOptions, AdamOptions, ...) derives from it, and a scheduler changes a
// group's learning rate through get_lr()/set_lr() without knowing the optimizer.
class OptimizerOptions {
 public:
  virtual ~OptimizerOptions() = default;
  virtual std::unique_ptr<OptimizerOptions> clone() const = 0;
  virtual double get_lr() const = 0;
  virtual void set_lr(double lr) = 0;
};

// Gives an options class its clone(), as torch::optim::OptimizerCloneableOptions.
template <typename Derived>
class OptimizerCloneableOptions : public OptimizerOptions {
 public:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// Parameters updated with the same settings, as torch::optim::OptimizerParamGroup: e.g. the
// biases without weight decay, or an embedding with a smaller lr. A group made without options
// takes a copy of the optimizer's defaults when it is added.
class OptimizerParamGroup {
 public:
  OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {}  // NOLINT
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}
  OptimizerParamGroup(const OptimizerParamGroup& other);
  OptimizerParamGroup& operator=(const OptimizerParamGroup& other);
  OptimizerParamGroup(OptimizerParamGroup&&) = default;
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) = default;

  bool has_options() const { return options_ != nullptr; }
  // Throws std::logic_error when the group has no options.
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }

 private:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
};

// What an optimizer keeps per parameter, under PyTorch's state names. Each optimizer defines
// the fields it uses and leaves the others undefined; `step` is a 0-dim float64 count, as
// PyTorch 1.13 keeps state["step"] as a tensor.
struct ParamState {
  Tensor step, exp_avg, exp_avg_sq, max_exp_avg_sq, square_avg, grad_avg, momentum_buffer, sum;
};

// The base of every optimizer, as torch::optim::Optimizer: parameter groups, each with its own
// options, and the state of each parameter. The groups hold handles to the parameters (the same
// tensors as the model's, so an update is seen by the model).
class Optimizer {
 public:
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

  // Adds a group, with a copy of defaults() when it has no options. Adds nothing and throws
  // std::logic_error for an undefined tensor ("add_param_group(): expected a defined Tensor, but
  // got an undefined Tensor"), std::invalid_argument for a non-leaf tensor, a tensor listed
  // twice, a tensor already in another group ("some parameters appear in more than one parameter
  // group") or options of another optimizer or out of range.
  void add_param_group(const OptimizerParamGroup& param_group);
  std::vector<OptimizerParamGroup>& param_groups() noexcept { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const noexcept { return param_groups_; }
  OptimizerOptions& defaults() noexcept { return *defaults_; }
  const OptimizerOptions& defaults() const noexcept { return *defaults_; }

  // Every group's parameters, in group order: the numbering of state_dict() and state().
  std::vector<Tensor> parameters() const;
  // The state of parameters()[i]; fields stay undefined until a step sets them. Throws
  // std::out_of_range for an index past the parameters.
  const ParamState& state(size_t i) const;

  // PyTorch's optimizer.state_dict(), flattened into tensors and strings: each parameter's state
  // as tensors named "state.<i>.<name>" (i indexes parameters(); e.g. SGD's
  // "state.0.momentum_buffer", Adam's "state.0.exp_avg" and the 0-dim "state.0.step"), and each
  // group's settings as metadata named "param_groups.<g>.<setting>", with
  // "param_groups.<g>.params" listing the group's indices as Python does ("[0, 1, 2]"). The
  // tensors are the optimizer's own, not copies. xgrad::save writes it.
  StateDict state_dict() const;
  // Restores what state_dict() gave, into an optimizer with groups of the same sizes: every
  // group's settings, and copies of the state converted to each parameter's dtype. Throws
  // std::runtime_error naming the problem, and changes nothing, when the dict was made for
  // other groups, lacks a setting, has a key this optimizer does not know or a state tensor
  // shaped unlike its parameter; std::invalid_argument, as the constructor, for invalid settings.
  void load_state_dict(const StateDict& state_dict);

 protected:
  // Throws std::invalid_argument when options are not the optimizer's kind or out of range.
  using OptionsCheck = std::function<void(const OptimizerOptions&)>;
  // Checks the defaults, then adds each group; throws "optimizer got an empty parameter list"
  // when no group has a parameter.
  Optimizer(std::vector<OptimizerParamGroup> param_groups,
            std::unique_ptr<OptimizerOptions> defaults, OptionsCheck check);

  // A group's settings as exact text ("0.05", "true", "(0.9, 0.999)") and back.
  class SettingsWriter {
   public:
    SettingsWriter(StateDict& out, size_t group) : out_(out), group_(group) {}
    void put(const std::string& name, double value);
    void put(const std::string& name, bool value);
    void put(const std::string& name, double first, double second);

   private:
    StateDict& out_;
    size_t group_;
  };
  class SettingsReader {
   public:
    SettingsReader(const StateDict& in, size_t group) : in_(in), group_(group) {}
    double number(const std::string& name) const;
    bool flag(const std::string& name) const;
    std::pair<double, double> pair(const std::string& name) const;

   private:
    const std::string& text(const std::string& name) const;
    const StateDict& in_;
    size_t group_;
  };
  virtual void save_options(const OptimizerOptions& options, SettingsWriter& out) const = 0;
  virtual std::unique_ptr<OptimizerOptions> load_options(const SettingsReader& in) const = 0;
  // The ParamState fields this optimizer keeps, by PyTorch name ("momentum_buffer").
  virtual std::vector<std::string> state_names() const = 0;

  // The state of a parameter of one of the groups, made empty on first use.
  ParamState& state_of(const Tensor& param) { return state_[param.impl()]; }

 private:
  std::vector<OptimizerParamGroup> param_groups_;
  std::unique_ptr<OptimizerOptions> defaults_;
  OptionsCheck check_;
  std::unordered_map<std::shared_ptr<TensorImpl>, ParamState> state_;
};

}  // namespace xgrad::optim
