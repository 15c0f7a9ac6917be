#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "xgrad/nn/module.hpp"

namespace xgrad::nn::detail {

// What Sequential and ModuleList share: their modules, registered as children in order, and
// indexed access to them.
class ModuleContainer : public Module {
 public:
  size_t size() const { return modules_.size(); }
  bool is_empty() const { return modules_.empty(); }
  // Throws std::out_of_range("index 3 is out of range") past the end.
  std::shared_ptr<Module> operator[](size_t index) const;
  // The module at `index` as a T; throws std::invalid_argument, in libtorch's words ("Attempted
  // to cast module of type xgrad::nn::ReLU to type xgrad::nn::Linear"), when it is not one.
  template <typename T>
  std::shared_ptr<T> ptr(size_t index) const {
    static_assert(std::is_base_of_v<Module, T>, "ptr<T>(): T must be a Module");
    auto typed = std::dynamic_pointer_cast<T>((*this)[index]);
    if (!typed) throw_module_cast(*modules_[index], typeid(T));
    return typed;
  }
  auto begin() const { return modules_.begin(); }
  auto end() const { return modules_.end(); }

  // "Sequential", or "Sequential()" when empty: the children print themselves below.
  void pretty_print(std::ostream& os) const override;

 protected:
  explicit ModuleContainer(std::string name) : Module(std::move(name)) {}
  // Registers `module` as the child `name` and appends it.
  void append_module(const std::string& name, std::shared_ptr<Module> module);

 private:
  [[noreturn]] static void throw_module_cast(const Module& module, const std::type_info& target);

  std::vector<std::shared_ptr<Module>> modules_;
};

}  // namespace xgrad::nn::detail
