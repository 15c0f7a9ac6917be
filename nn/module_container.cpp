#include "xgrad/nn/module_container.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::nn::detail {

namespace {
std::string demangle(const char* name) {
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> readable(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && readable ? std::string(readable.get()) : std::string(name);
}
}  // namespace

std::shared_ptr<Module> ModuleContainer::operator[](size_t index) const {
  XGRAD_CHECK(index < modules_.size(), std::out_of_range, "index ", index, " is out of range");
  return modules_[index];
}

void ModuleContainer::pretty_print(std::ostream& os) const {
  os << name();
  if (modules_.empty()) os << "()";
}

void ModuleContainer::append_module(const std::string& name, std::shared_ptr<Module> module) {
  register_module(name, module);
  modules_.push_back(std::move(module));
}

void ModuleContainer::throw_module_cast(const Module& module, const std::type_info& target) {
  XGRAD_FAIL(std::invalid_argument, "Attempted to cast module of type ",
             demangle(typeid(module).name()), " to type ", demangle(target.name()));
}

}  // namespace xgrad::nn::detail
