#pragma once

// The gate loops of gru_gates.cpp, built for each supported instruction set.
#include <cstdint>

namespace xgrad::nn::functional::kernels {

// Whether to run the AVX2 builds of the fused kernels (the GRU gates and the sequence kernels):
// the CPU has AVX2 and FMA, and XGRAD_SIMD=baseline does not force the baseline build (the tests
// run both; xgrad::detail::simd_level()).
bool use_avx2_kernels();

#define XGRAD_GATE_KERNELS(suffix)                                                              \
  void gates_forward_##suffix(const float* gi, const float* gh, const float* h, float* out,     \
                              int64_t batch, int64_t hidden);                                   \
  void gates_forward_##suffix(const double* gi, const double* gh, const double* h, double* out, \
                              int64_t batch, int64_t hidden);                                   \
  void gates_backward_##suffix(const float* gi, const float* gh, const float* h,                \
                               const float* grad, float* d_gi, float* d_gh, float* d_h,         \
                               int64_t batch, int64_t hidden);                                  \
  void gates_backward_##suffix(const double* gi, const double* gh, const double* h,             \
                               const double* grad, double* d_gi, double* d_gh, double* d_h,     \
                               int64_t batch, int64_t hidden);
XGRAD_GATE_KERNELS(baseline)
XGRAD_GATE_KERNELS(avx2)
#undef XGRAD_GATE_KERNELS

}  // namespace xgrad::nn::functional::kernels
