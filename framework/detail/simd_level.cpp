#include "xgrad/framework/detail/simd_level.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace xgrad::detail {

namespace {

SimdLevel cpu_level() {
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") &&
      __builtin_cpu_supports("fma"))
    return SimdLevel::kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SimdLevel::kAvx2;
#endif
  return SimdLevel::kBaseline;
}

SimdLevel requested_level() {
  const char* requested = std::getenv("XGRAD_SIMD");
  const std::string name = requested == nullptr ? "" : requested;
  if (name == "baseline") return SimdLevel::kBaseline;
  if (name == "avx2") return SimdLevel::kAvx2;
  return SimdLevel::kAvx512;
}

}  // namespace

SimdLevel simd_level() {
  static const SimdLevel level = std::min(cpu_level(), requested_level());
  return level;
}

}  // namespace xgrad::detail
