#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "xgrad/framework/arg.hpp"

namespace xgrad {

enum class Dtype { kFloat32, kFloat64, kInt64, kBool };
inline constexpr Dtype kFloat32 = Dtype::kFloat32;
inline constexpr Dtype kFloat64 = Dtype::kFloat64;
inline constexpr Dtype kInt64 = Dtype::kInt64;
inline constexpr Dtype kBool = Dtype::kBool;

inline bool is_floating_point(Dtype dtype) {
  return dtype == kFloat32 || dtype == kFloat64;
}

// The dtype that factories use when none is given (float32 unless changed).
Dtype get_default_dtype();
void set_default_dtype(Dtype dtype);

// PyTorch's scalar type names: "float", "double", "long", "bool".
const char* dtype_name(Dtype dtype);
// PyTorch's dtype names: "float32", "float64", "int64", "bool".
std::ostream& operator<<(std::ostream& os, Dtype dtype);

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
template <>
constexpr Dtype dtype_of<int64_t>() {
  return kInt64;
}
template <>
constexpr Dtype dtype_of<bool>() {
  return kBool;
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
  TensorOptions& dtype(Dtype dtype) {
    dtype_ = dtype;
    return *this;
  }
  // The default dtype when none was given.
  Dtype dtype() const { return dtype_.value_or(get_default_dtype()); }
  bool has_dtype() const { return dtype_.has_value(); }
  XGRAD_ARG(Device, device);
  XGRAD_ARG(bool, requires_grad) = false;

 private:
  std::optional<Dtype> dtype_;
};

// libtorch's shorthands: tensor({1.0, 2.0}, requires_grad()), zeros({2}, dtype(kFloat64)).
inline TensorOptions requires_grad(bool requires_grad = true) {
  return TensorOptions().requires_grad(requires_grad);
}
inline TensorOptions dtype(Dtype dtype) {
  return TensorOptions(dtype);
}

}  // namespace xgrad
