#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "xgrad/nn/module.hpp"

// Indexing shared by Sequential and ModuleList.
namespace xgrad::nn::detail {

// Throws std::out_of_range("index 3 is out of range") unless index < size.
void check_module_index(size_t index, size_t size);
// Throws std::invalid_argument("Attempted to cast module of type xgrad::nn::ReLU to type
// xgrad::nn::Linear"), libtorch's words.
[[noreturn]] void throw_module_cast(const Module& module, const std::type_info& target);

// modules[index] as a T, checked.
template <typename T>
std::shared_ptr<T> module_at(const std::vector<std::shared_ptr<Module>>& modules, size_t index) {
  static_assert(std::is_base_of_v<Module, T>, "ptr<T>(): T must be a Module");
  check_module_index(index, modules.size());
  auto typed = std::dynamic_pointer_cast<T>(modules[index]);
  if (!typed) throw_module_cast(*modules[index], typeid(T));
  return typed;
}

}  // namespace xgrad::nn::detail
