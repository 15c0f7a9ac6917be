#pragma once

// Converting values between element types as PyTorch does: float to int64 truncates toward
// zero, to bool is `!= 0`. A float outside int64's range (or NaN) becomes INT64_MIN, what
// PyTorch gives on x86, instead of the undefined behaviour of a plain static_cast.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <xtensor/xarray.hpp>

namespace xgrad::detail {

template <typename T, typename S>
T cast_value(S value) {
  if constexpr (std::is_same_v<T, int64_t> && std::is_floating_point_v<S>) {
    constexpr S limit = S(9223372036854775808.0);  // 2^63, exact in float and double
    return value >= -limit && value < limit ? static_cast<int64_t>(value)
                                            : std::numeric_limits<int64_t>::min();
  } else if constexpr (std::is_same_v<T, bool>) {
    return value != S(0);
  } else {
    return static_cast<T>(value);
  }
}

// A plain loop, not xt::cast: xsimd has no bool batches to convert through.
template <typename T, typename S>
xt::xarray<T> cast_array(const xt::xarray<S>& values) {
  auto out = xt::xarray<T>::from_shape(values.shape());
  std::transform(values.data(), values.data() + values.size(), out.data(), cast_value<T, S>);
  return out;
}

}  // namespace xgrad::detail
