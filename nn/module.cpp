#include "xgrad/nn/module.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <typeinfo>
#include <unordered_set>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad::nn {

std::vector<Tensor> Module::parameters(bool recurse) const {
  std::vector<Tensor> out;
  for (auto& named : named_parameters(recurse)) out.push_back(named.second);
  return out;
}

std::vector<std::pair<std::string, Tensor>> Module::named_parameters(bool recurse) const {
  std::vector<std::pair<std::string, Tensor>> out;
  std::unordered_set<const TensorImpl*> seen;
  for (auto& named : all_named_parameters(recurse)) {
    if (seen.insert(named.second.impl().get()).second) out.push_back(std::move(named));
  }
  return out;
}

std::vector<std::pair<std::string, Tensor>> Module::all_named_parameters(bool recurse) const {
  std::vector<std::pair<std::string, Tensor>> out;
  collect_parameters("", recurse, out);
  return out;
}

void Module::collect_parameters(const std::string& prefix, bool recurse,
                                std::vector<std::pair<std::string, Tensor>>& out) const {
  for (const auto& [name, tensor] : parameters_) out.emplace_back(prefix + name, tensor);
  if (!recurse) return;
  for (const auto& [name, child] : children_)
    child->collect_parameters(prefix + name + ".", true, out);
}

std::vector<std::shared_ptr<Module>> Module::children() const {
  std::vector<std::shared_ptr<Module>> out;
  for (const auto& named : children_) out.push_back(named.second);
  return out;
}

void Module::zero_grad(bool set_to_none) {
  for (Tensor& p : parameters()) p.zero_grad(set_to_none);
}

void Module::train(bool on) {
  training_ = on;
  for (const auto& named : children_) named.second->train(on);
}

void Module::to(Dtype dtype) {
  if (!is_floating_point(dtype)) {
    std::ostringstream got;
    got << dtype;
    XGRAD_FAIL(
        std::invalid_argument,
        "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=" +
            got.str());
  }
  NoGradGuard no_grad;
  for (Tensor& p : parameters()) {
    if (p.dtype() == dtype) continue;
    p.impl()->storage = p.to(dtype).impl()->storage;
    if (p.grad().defined()) p.impl()->grad = p.grad().to(dtype).impl();
  }
}

StateDict Module::state_dict() const {
  StateDict out;
  for (auto& [name, tensor] : all_named_parameters())
    out.insert(std::move(name), std::move(tensor));
  return out;
}

namespace {
// PyTorch's list of keys: "a", "b"
std::string quoted_keys(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& key : keys) out += (out.empty() ? "\"" : ", \"") + key + '"';
  return out;
}
}  // namespace

IncompatibleKeys Module::load_state_dict(const StateDict& state_dict, bool strict) {
  IncompatibleKeys keys;
  std::vector<std::string> size_mismatches;
  std::vector<std::pair<Tensor, Tensor>> copies;  // (parameter, source), made once all is checked
  std::unordered_set<std::string> own_names;
  for (auto& [name, parameter] : all_named_parameters()) {
    own_names.insert(name);
    if (!state_dict.contains(name)) {
      keys.missing_keys.push_back(name);
      continue;
    }
    const Tensor& source = state_dict.at(name);
    if (source.sizes() != parameter.sizes()) {
      size_mismatches.push_back("size mismatch for " + name + ": copying a param with shape " +
                                to_string(source.sizes()) +
                                " from checkpoint, the shape in current model is " +
                                to_string(parameter.sizes()) + ".");
      continue;
    }
    copies.emplace_back(parameter, source);
  }
  for (const auto& entry : state_dict) {
    if (!own_names.count(entry.first)) keys.unexpected_keys.push_back(entry.first);
  }

  std::vector<std::string> errors;
  if (strict && !keys.missing_keys.empty()) {
    errors.push_back("Missing key(s) in state_dict: " + quoted_keys(keys.missing_keys) + ". ");
  }
  if (strict && !keys.unexpected_keys.empty()) {
    errors.push_back("Unexpected key(s) in state_dict: " + quoted_keys(keys.unexpected_keys) +
                     ". ");
  }
  errors.insert(errors.end(), size_mismatches.begin(), size_mismatches.end());
  if (!errors.empty()) {
    std::string message = "Error(s) in loading state_dict for " + name_ + ":";
    for (const auto& error : errors) message += "\n\t" + error;
    XGRAD_FAIL(std::runtime_error, message);
  }

  NoGradGuard no_grad;
  for (auto& [parameter, source] : copies) parameter.copy_(source);
  return keys;
}

void Module::pretty_print(std::ostream& os) const {
  os << name_;
}

std::shared_ptr<Module> Module::clone() const {
  throw_clone_not_implemented();
}

void Module::throw_clone_not_implemented() const {
  XGRAD_FAIL(std::logic_error, "clone() has not been implemented for ", name_,
             ". Subclass xgrad::nn::Cloneable<", name_,
             "> instead of xgrad::nn::Module to inherit the ability to clone.");
}

std::shared_ptr<Module> Module::fill_clone(std::shared_ptr<Module> copy) const {
  const Module& made = *copy;
  if (typeid(made) != typeid(*this)) throw_clone_not_implemented();
  std::vector<const TensorImpl*> originals;
  for (const auto& named : all_named_parameters()) originals.push_back(named.second.impl().get());
  NoGradGuard no_grad;
  copy_values_to(*copy, "", originals);
  return copy;
}

namespace {
template <typename Named>
auto find_named(Named& entries, const std::string& name) {
  return std::find_if(entries.begin(), entries.end(),
                      [&](const auto& entry) { return entry.first == name; });
}
}  // namespace

void Module::copy_values_to(Module& copy, const std::string& prefix,
                            const std::vector<const TensorImpl*>& originals) const {
  // The messages of libtorch's Cloneable::clone().
  XGRAD_CHECK(copy.parameters_.size() == parameters_.size(), std::logic_error,
              "The cloned module does not have the same number of parameters as the original "
              "module after calling reset(). Are you sure you called register_parameter() inside "
              "reset() and not the constructor?");
  for (const auto& [name, original] : parameters_) {
    const auto found = find_named(copy.parameters_, name);
    XGRAD_CHECK(found != copy.parameters_.end(), std::logic_error,
                "The cloned module has no parameter '", prefix, name,
                "' after calling reset(), unlike the original module");
    Tensor& parameter = found->second;
    XGRAD_CHECK(
        std::find(originals.begin(), originals.end(), parameter.impl().get()) == originals.end(),
        std::logic_error, "The cloned module's parameter '", prefix, name,
        "' is a parameter of the original module: reset() must register new tensors");
    parameter.impl()->storage = original.clone().impl()->storage;
    parameter.requires_grad_(original.requires_grad());
  }
  copy.training_ = training_;
  XGRAD_CHECK(copy.children_.size() == children_.size(), std::logic_error,
              "The cloned module does not have the same number of child modules as the original "
              "module after calling reset(). Are you sure you called register_module() inside "
              "reset() and not the constructor?");
  for (const auto& [name, child] : children_) {
    const auto found = find_named(copy.children_, name);
    Module* const made = found == copy.children_.end() ? nullptr : found->second.get();
    const Module& original = *child;
    XGRAD_CHECK(made != nullptr && typeid(*made) == typeid(original), std::logic_error,
                "Attempted to clone submodule, but it is of a different type than the submodule "
                "it was to be cloned into");
    original.copy_values_to(*made, prefix + name + ".", originals);
  }
}

Tensor Module::register_parameter(const std::string& name, Tensor tensor, bool requires_grad) {
  check_new_name(name);
  if (!tensor.defined()) xgrad::detail::throw_undefined("register_parameter");
  if (!tensor.is_leaf()) {
    tensor = tensor.detach();  // a parameter is a leaf, whatever made its values
  }
  tensor.requires_grad_(requires_grad);
  parameters_.emplace_back(name, tensor);
  return tensor;
}

void Module::throw_null_module(const std::string& name) {
  XGRAD_FAIL(std::invalid_argument, "register_module(): expected a module for \"", name,
             "\", but got a null module");
}

void Module::check_new_name(const std::string& name) const {
  XGRAD_CHECK(!name.empty() && name.find('.') == std::string::npos, std::invalid_argument,
              "a parameter or submodule name must be non-empty and contain no '.', got \"", name,
              "\"");
  for (const auto& named : parameters_) {
    XGRAD_CHECK(named.first != name, std::invalid_argument, "attribute '", name,
                "' already exists");
  }
  for (const auto& named : children_) {
    XGRAD_CHECK(named.first != name, std::invalid_argument, "attribute '", name,
                "' already exists");
  }
}

namespace {
void print_tree(std::ostream& os, const Module& module, int indent) {
  module.pretty_print(os);
  if (module.named_children().empty()) return;
  os << "(\n";
  for (const auto& [name, child] : module.named_children()) {
    os << std::string(static_cast<size_t>(indent + 2), ' ') << '(' << name << "): ";
    print_tree(os, *child, indent + 2);
    os << '\n';
  }
  os << std::string(static_cast<size_t>(indent), ' ') << ')';
}
}  // namespace

std::ostream& operator<<(std::ostream& os, const Module& module) {
  print_tree(os, module, 0);
  return os;
}

}  // namespace xgrad::nn
