#pragma once

#include <cstdint>
#include <optional>
#include <type_traits>

#include "xgrad/framework/tensor.hpp"

// Elementwise ops. Tensor-tensor forms broadcast as in PyTorch and promote as its result_type
// (framework/type_promotion.hpp). A C++ double keeps a floating tensor's dtype and turns an
// integer or bool tensor into the default dtype; a C++ integer keeps the tensor's dtype (bool
// becomes int64). Division is true division: integers give the default dtype. Floating
// functions (exp, log, sqrt, sigmoid, tanh) of integers give the default dtype.
namespace xgrad {

namespace detail {
template <typename T>
using if_integer_scalar = std::enable_if_t<std::is_integral_v<T>, int>;
// A C++ integer or bool as a 0-dim int64 or bool tensor, for ops on integer tensors.
Tensor wrapped_number(int64_t value, bool is_bool);
template <typename I>
Tensor wrapped_number(I value) {
  return wrapped_number(static_cast<int64_t>(value), std::is_same_v<I, bool>);
}
// Whether an op with a C++ number takes its floating path (undefined tensors fail there).
inline bool floating_path(const Tensor& t) {
  return !t.defined() || t.is_floating_point();
}
}  // namespace detail

Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor add(const Tensor& a, double b);
Tensor mul(const Tensor& a, double b);
Tensor div(const Tensor& a, double b);
Tensor rsub(const Tensor& a, double b);  // b - a
Tensor rdiv(const Tensor& a, double b);  // b / a
Tensor neg(const Tensor& a);

Tensor pow(const Tensor& base, double exponent);
Tensor pow(const Tensor& base, int64_t exponent);  // keeps an integer base's dtype
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor pow(const Tensor& base, I exponent) {
  return pow(base, static_cast<int64_t>(exponent));
}
Tensor pow(const Tensor& base, const Tensor& exponent);
Tensor exp(const Tensor& a);
Tensor log(const Tensor& a);
Tensor sqrt(const Tensor& a);
Tensor abs(const Tensor& a);
Tensor sign(const Tensor& a);  // gradient zero, as in PyTorch
Tensor clamp(const Tensor& a, std::optional<double> min, std::optional<double> max);
Tensor sigmoid(const Tensor& a);
Tensor tanh(const Tensor& a);
Tensor relu(const Tensor& a);
// A bool condition picks from `a` where true, from `b` elsewhere; all three broadcast together.
// Any other condition dtype is refused, as in PyTorch 1.13.
Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b);

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator+(const Tensor& a, double b);
Tensor operator-(const Tensor& a, double b);
Tensor operator*(const Tensor& a, double b);
Tensor operator/(const Tensor& a, double b);
Tensor operator+(double a, const Tensor& b);
Tensor operator-(double a, const Tensor& b);
Tensor operator*(double a, const Tensor& b);
Tensor operator/(double a, const Tensor& b);
Tensor operator-(const Tensor& a);

// With a C++ integer: as with a double on a floating tensor, at int64 on an integer tensor.
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator+(const Tensor& a, I b) {
  return detail::floating_path(a) ? add(a, static_cast<double>(b))
                                  : add(a, detail::wrapped_number(b));
}
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator-(const Tensor& a, I b) {
  return detail::floating_path(a) ? a - static_cast<double>(b) : sub(a, detail::wrapped_number(b));
}
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator*(const Tensor& a, I b) {
  return detail::floating_path(a) ? mul(a, static_cast<double>(b))
                                  : mul(a, detail::wrapped_number(b));
}
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator/(const Tensor& a, I b) {
  return detail::floating_path(a) ? div(a, static_cast<double>(b))
                                  : div(a, detail::wrapped_number(b));
}
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator+(I a, const Tensor& b) {
  return b + a;
}
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator-(I a, const Tensor& b) {
  return detail::floating_path(b) ? static_cast<double>(a) - b : sub(detail::wrapped_number(a), b);
}
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator*(I a, const Tensor& b) {
  return b * a;
}
template <typename I, detail::if_integer_scalar<I> = 0>
Tensor operator/(I a, const Tensor& b) {
  return detail::floating_path(b) ? static_cast<double>(a) / b : div(detail::wrapped_number(a), b);
}

}  // namespace xgrad
