#include "xgrad/framework/dtype.hpp"

#include <atomic>
#include <stdexcept>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad {

namespace {
std::atomic<Dtype> default_dtype{kFloat32};
}

Dtype get_default_dtype() {
  return default_dtype.load(std::memory_order_relaxed);
}

void set_default_dtype(Dtype dtype) {
  default_dtype.store(dtype, std::memory_order_relaxed);
}

const char* dtype_name(Dtype dtype) {
  switch (dtype) {
    case kFloat32:
      return "float";
    case kFloat64:
      return "double";
    case kInt64:
      return "long";
    case kBool:
      return "bool";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, Dtype dtype) {
  switch (dtype) {
    case kFloat32:
      return os << "float32";
    case kFloat64:
      return os << "float64";
    case kInt64:
      return os << "int64";
    case kBool:
      return os << "bool";
  }
  return os << "unknown";
}

Device::Device(const std::string& name) {
  if (name == "cpu" || name == "cpu:0") return;
  const std::string type = name.substr(0, name.find(':'));
  XGRAD_CHECK(type != "cuda" && type != "mps" && type != "xpu" && type != "meta",
              std::invalid_argument, "xgrad supports only the CPU device: expected \"cpu\", got \"",
              name, "\" (xgrad was not compiled with ", type, " support)");
  XGRAD_FAIL(
      std::invalid_argument,
      "Expected one of cpu, cuda, mps, xpu, meta device type at start of device string: ", name);
}

std::ostream& operator<<(std::ostream& os, const Device& device) {
  return os << device.str();
}

}  // namespace xgrad
