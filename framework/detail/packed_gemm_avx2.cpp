// The packed GEMM kernel for AVX2 + FMA, compiled with -mavx2 -mfma (CMakeLists.txt) and
// chosen only when the CPU has them (simd_level()); elsewhere this file has no kernel.
#include "xgrad/framework/detail/packed_gemm_kernels.hpp"

namespace xgrad::detail {

#if defined(__AVX2__) && defined(__FMA__)
template <>
const PackedGemmKernel<float>* avx2_packed_gemm_kernel<float>() {
  return kernel_for<xsimd::fma3<xsimd::avx2>, float>();
}
template <>
const PackedGemmKernel<double>* avx2_packed_gemm_kernel<double>() {
  return kernel_for<xsimd::fma3<xsimd::avx2>, double>();
}
#else
template <>
const PackedGemmKernel<float>* avx2_packed_gemm_kernel<float>() {
  return nullptr;
}
template <>
const PackedGemmKernel<double>* avx2_packed_gemm_kernel<double>() {
  return nullptr;
}
#endif

}  // namespace xgrad::detail
