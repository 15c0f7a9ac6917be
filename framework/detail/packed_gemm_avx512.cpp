// The packed GEMM kernel for AVX-512F, compiled with -mavx512f -mavx2 -mfma (CMakeLists.txt) and
// chosen only when the CPU has them (simd_level()); elsewhere this file has no kernel.
#include "xgrad/framework/detail/packed_gemm_kernels.hpp"

namespace xgrad::detail {

#if defined(__AVX512F__)
template <>
const PackedGemmKernel<float>* avx512_packed_gemm_kernel<float>() {
  return kernel_for<xsimd::avx512f, float>();
}
template <>
const PackedGemmKernel<double>* avx512_packed_gemm_kernel<double>() {
  return kernel_for<xsimd::avx512f, double>();
}
#else
template <>
const PackedGemmKernel<float>* avx512_packed_gemm_kernel<float>() {
  return nullptr;
}
template <>
const PackedGemmKernel<double>* avx512_packed_gemm_kernel<double>() {
  return nullptr;
}
#endif

}  // namespace xgrad::detail
