#pragma once

// Which build of the run-time dispatched SIMD kernels to run (the GRU gate and sequence loops,
// the packed GEMM): the widest instruction set the CPU has, unless the environment variable
// XGRAD_SIMD names a narrower one ("baseline" or "avx2"; the tests run every build that way).
namespace xgrad::detail {

enum class SimdLevel { kBaseline, kAvx2, kAvx512 };

SimdLevel simd_level();

}  // namespace xgrad::detail
