#include "xgrad/nn/container_access.hpp"

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

void check_module_index(size_t index, size_t size) {
  XGRAD_CHECK(index < size, std::out_of_range, "index ", index, " is out of range");
}

void throw_module_cast(const Module& module, const std::type_info& target) {
  XGRAD_FAIL(std::invalid_argument, "Attempted to cast module of type ",
             demangle(typeid(module).name()), " to type ", demangle(target.name()));
}

}  // namespace xgrad::nn::detail
