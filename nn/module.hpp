#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "xgrad/framework/state_dict.hpp"
#include "xgrad/framework/tensor.hpp"

namespace xgrad::nn {

// What Module::load_state_dict did not match, as PyTorch's return value: the module's
// parameters that the dict lacked and the dict's keys that name no parameter.
struct IncompatibleKeys {
  std::vector<std::string> missing_keys;
  std::vector<std::string> unexpected_keys;
};

template <typename Derived>
class Cloneable;

// The base of every layer and model, as torch::nn::Module: named parameters and submodules in
// registration order, training mode, dtype conversion and printing. A parameter member
// (`weight`) and the entry in parameters() are the same tensor handle, so an optimizer that
// updates parameters() updates the member.
//
// A module cannot be copied or assigned: a copy would share the original's parameters, and a
// copy into a base (`Module m = cell;`) would slice it. Hold modules by std::shared_ptr and make
// an independent copy with clone().
class Module {
 public:
  explicit Module(std::string name = "Module") : name_(std::move(name)) {}
  virtual ~Module() = default;
  Module& operator=(const Module&) = delete;

  const std::string& name() const { return name_; }

  // A parameter that several submodules share (tied weights) is listed once, under its first
  // name, as in PyTorch, so that an optimizer updates it once per step.
  std::vector<Tensor> parameters(bool recurse = true) const;
  // Dotted names: "cell.weight_ih".
  std::vector<std::pair<std::string, Tensor>> named_parameters(bool recurse = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& named_children() const {
    return children_;
  }

  void zero_grad(bool set_to_none = true);
  void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }
  // Converts every parameter in place: the handles stay the same tensors.
  void to(Dtype dtype);

  // The parameters by dotted name, in registration order; a shared parameter under each of its
  // names, as in PyTorch.
  // The entries are the parameters' handles themselves, not copies (PyTorch gives detached
  // tensors sharing the values): state_dict().at("weight").is_same(weight).
  StateDict state_dict() const;
  // Copies the dict's values into the parameters in place, under NoGradGuard, converting dtype
  // as copy_ does; the parameters stay the same tensors, so optimizers holding them keep
  // working. Throws std::runtime_error in PyTorch's words ("Error(s) in loading state_dict for
  // GRUCell:\n\tMissing key(s) in state_dict: \"bias_hh\". ...") listing every problem, and
  // changes nothing, when a shape differs or, if `strict`, when a parameter has no entry
  // (missing) or an entry names no parameter (unexpected). Returns the missing and unexpected
  // keys (empty when strict).
  IncompatibleKeys load_state_dict(const StateDict& state_dict, bool strict = true);

  // One line describing this module alone, e.g. "GRUCell(10, 20)"; the default is its name.
  virtual void pretty_print(std::ostream& os) const;

  // A deep copy, as libtorch's: a module of the same dynamic type whose parameters are new
  // tensors holding equal values, with the same dtype and requires_grad and no gradient, whose
  // submodules are cloned likewise, and whose training flag is this module's. Its member
  // handles (GRUCell::weight_ih) are its own parameters. Every module in nn/ supports it; a
  // user-defined module gets it from Cloneable<Derived> (nn/cloneable.hpp). Here, it throws
  // std::logic_error("clone() has not been implemented for Model. Subclass
  // xgrad::nn::Cloneable<Model> instead of xgrad::nn::Module to inherit the ability to clone.").
  // A clone draws from the global generator as its constructor (or reset()) does, since it
  // builds the module before taking the values.
  virtual std::shared_ptr<Module> clone() const;

 protected:
  // The second half of clone(): `copy`, a new module of this one's type built with this one's
  // configuration, takes this module's values (into new storage), requires_grad and training
  // flags, and those of its submodules by name. Returns it. Throws std::logic_error when its
  // type differs from this module's (a subclass that did not override clone()), when its
  // parameters or submodules differ from this module's by name or type, or when it holds one
  // of this module's parameters.
  std::shared_ptr<Module> fill_clone(std::shared_ptr<Module> copy) const;
  // Registers `tensor` as a parameter (it becomes a leaf that requires grad) and returns it.
  Tensor register_parameter(const std::string& name, Tensor tensor, bool requires_grad = true);
  template <typename M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> module) {
    check_new_name(name);
    if (!module) throw_null_module(name);
    children_.emplace_back(name, module);
    return module;
  }

 private:
  template <typename Derived>
  friend class Cloneable;
  // For Cloneable<Derived>'s copy constructor alone: copies the name and the training flag;
  // the parameters and submodules are left for Derived::reset() to register anew.
  Module(const Module& other) : name_(other.name_), training_(other.training_) {}
  [[noreturn]] void throw_clone_not_implemented() const;
  void copy_values_to(Module& copy, const std::string& prefix,
                      const std::vector<const TensorImpl*>& originals) const;
  void check_new_name(const std::string& name) const;
  [[noreturn]] static void throw_null_module(const std::string& name);
  // Every parameter under every name it has, shared ones included.
  std::vector<std::pair<std::string, Tensor>> all_named_parameters(bool recurse = true) const;
  void collect_parameters(const std::string& prefix, bool recurse,
                          std::vector<std::pair<std::string, Tensor>>& out) const;

  std::string name_;
  std::vector<std::pair<std::string, Tensor>> parameters_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  bool training_ = true;
};

// Prints the module tree as PyTorch does:
//   Model(
//     (cell): GRUCell(10, 20)
//     (head): Linear(in_features=20, out_features=1, bias=true)
//   )
std::ostream& operator<<(std::ostream& os, const Module& module);

}  // namespace xgrad::nn
