#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "xgrad/framework/arg.hpp"

namespace xgrad {

enum class Dtype { kFloat32, kFloat64 };
inline constexpr Dtype kFloat32 = Dtype::kFloat32;
inline constexpr Dtype kFloat64 = Dtype::kFloat64;

// The dtype that factories use when none is given (float32 unless changed).
Dtype get_default_dtype();
void set_default_dtype(Dtype dtype);

// PyTorch's names: "float" and "double".
const char* dtype_name(Dtype dtype);
std::ostream& operator<<(std::ostream& os, Dtype dtype);

// The dtype of an elementwise result: float64 wins, as in PyTorch.
inline Dtype promote_types(Dtype a, Dtype b) {
  return (a == kFloat64 || b == kFloat64) ? kFloat64 : kFloat32;
}

template <typename T>
constexpr Dtype dtype_of();
template <>
constexpr Dtype dtype_of<float>() {
  return kFloat32;
}
template <>
constexpr Dtype dtype_of<double>() {
  return kFloat64;
}

// xgrad computes on the CPU only; any other device is refused when it is named.
class Device {
 public:
  Device() = default;
  Device(const std::string& name);  // NOLINT(google-explicit-constructor): Device("cpu")
  Device(const char* name) : Device(std::string(name)) {}  // NOLINT
  std::string str() const { return "cpu"; }
  bool operator==(const Device&) const { return true; }
  bool operator!=(const Device&) const { return false; }
};
std::ostream& operator<<(std::ostream& os, const Device& device);

// Options for factories, in libtorch's chained style:
// zeros({2, 3}, TensorOptions().dtype(kFloat64).requires_grad(true)). A bare Dtype converts.
class TensorOptions {
 public:
  TensorOptions() = default;
  TensorOptions(Dtype dtype) : dtype_(dtype) {}  // NOLINT(google-explicit-constructor)
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
  XGRAD_ARG(bool, requires_grad) = false;
};

// libtorch's shorthands: tensor({1.0, 2.0}, requires_grad()), zeros({2}, dtype(kFloat64)).
inline TensorOptions requires_grad(bool requires_grad = true) {
  return TensorOptions().requires_grad(requires_grad);
}
inline TensorOptions dtype(Dtype dtype) { return TensorOptions(dtype); }

}  // namespace xgrad
