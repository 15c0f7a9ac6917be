// The integer and bool cases of elementwise ops, as PyTorch computes them.
#include "xgrad/framework/detail/integer_ops.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <xtensor/xmath.hpp>
#include <xtensor/xvectorize.hpp>

#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/ops/elementwise.hpp"

namespace xgrad {

namespace {

// Wraps around on overflow, as PyTorch's integer pow does; a negative exponent gives the
// truncated quotient (0 unless the base is 1 or -1), as there.
int64_t power(int64_t base, int64_t exponent) {
  if (exponent < 0) {
    if (base == 1) return 1;
    if (base == -1) return exponent % 2 == 0 ? 1 : -1;
    return 0;
  }
  uint64_t result = 1, factor = static_cast<uint64_t>(base);
  for (; exponent > 0; exponent >>= 1) {
    if (exponent & 1) result *= factor;
    factor *= factor;
  }
  return static_cast<int64_t>(result);
}

// A clamp bound as an int64: infinite bounds become the extremes.
int64_t integer_bound(double v) {
  constexpr double limit = 9223372036854775808.0;  // 2^63
  if (v <= -limit) return std::numeric_limits<int64_t>::min();
  if (v >= limit) return std::numeric_limits<int64_t>::max();
  return static_cast<int64_t>(v);
}

}  // namespace

Tensor pow(const Tensor& base, int64_t exponent) {
  if (detail::floating_path(base)) return pow(base, static_cast<double>(exponent));
  if (exponent < 0)
    XGRAD_FAIL(std::invalid_argument, "Integers to negative integer powers are not allowed.");
  return detail::integer_pow(base, detail::wrapped_number(exponent, false));
}

namespace detail {

Tensor wrapped_number(int64_t value, bool is_bool) {
  if (is_bool) return make_tensor(xt::xarray<bool>(value != 0));
  return make_tensor(xt::xarray<int64_t>(value));
}

void check_bool_subtraction(const Tensor& a, const Tensor& b) {
  if (!a.defined() || !b.defined()) return;
  if (a.dtype() == kBool && b.dtype() == kBool) {
    XGRAD_FAIL(
        std::invalid_argument,
        "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
        "`logical_xor()` operator instead.");
  }
  if (a.dtype() == kBool) check_bool_subtraction(a);
  if (b.dtype() == kBool) check_bool_subtraction(b);
}

void check_bool_subtraction(const Tensor& a) {
  if (!a.defined() || a.dtype() != kBool) return;
  XGRAD_FAIL(
      std::invalid_argument,
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
      "invert a mask, use the `~` or `logical_not()` operator instead.");
}

void check_bool_negation(const Tensor& a) {
  if (!a.defined() || a.dtype() != kBool) return;
  XGRAD_FAIL(
      std::invalid_argument,
      "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert "
      "a mask, use the `~` or `logical_not()` operator instead.");
}

Tensor integer_pow(const Tensor& base, const Tensor& exponent) {
  const Dtype dtype = result_type(base, exponent);
  const std::vector<int64_t> shape = broadcast_shapes(base.sizes(), exponent.sizes());
  if (numel_of(shape) == 0) {
    return with_dtype(
        dtype, [&](auto tag) { return make_tensor(xt::xarray<decltype(tag)>(to_xshape(shape))); });
  }
  xt::xarray<int64_t> out =
      xt::vectorize(power)(base.to_xarray<int64_t>(), exponent.to_xarray<int64_t>());
  const Tensor result = make_tensor(std::move(out));
  return dtype == kInt64 ? result : result.to(dtype);
}

Tensor clamp_integers(const Tensor& a, double lo, double hi) {
  const auto whole = [](double v) { return std::isinf(v) || v == std::floor(v); };
  if (!whole(lo) || !whole(hi)) return clamp(to_floating(a), lo, hi);
  const int64_t low = integer_bound(lo), high = integer_bound(hi);
  xt::xarray<int64_t> out = xt::minimum(xt::maximum(a.to_xarray<int64_t>(), low), high);
  return make_tensor(std::move(out));
}

}  // namespace detail

}  // namespace xgrad
