// The gate loops for AVX2 + FMA, compiled with -mavx2 -mfma (CMakeLists.txt) and called only
// when the CPU has them.
#include "xgrad/nn/gru_gates_dispatch.hpp"
#include "xgrad/nn/gru_gates_kernels.hpp"

namespace xgrad::nn::functional::kernels {

#if defined(__AVX2__) && defined(__FMA__)
using Arch = xsimd::fma3<xsimd::avx2>;
#else  // a target without AVX2 (simd_level() never chooses this build there)
using Arch = xsimd::default_arch;
#endif
#define XGRAD_DEFINE_GATE_KERNELS(T)                                                              \
  void gates_forward_avx2(const T* gi, const T* gh, const T* h, T* out, int64_t batch,            \
                          int64_t hidden) {                                                       \
    gates_forward<Arch>(gi, gh, h, out, batch, hidden);                                           \
  }                                                                                               \
  void gates_backward_avx2(const T* gi, const T* gh, const T* h, const T* grad, T* d_gi, T* d_gh, \
                           T* d_h, int64_t batch, int64_t hidden) {                               \
    gates_backward<Arch>(gi, gh, h, grad, d_gi, d_gh, d_h, batch, hidden);                        \
  }
XGRAD_DEFINE_GATE_KERNELS(float)
XGRAD_DEFINE_GATE_KERNELS(double)
#undef XGRAD_DEFINE_GATE_KERNELS

}  // namespace xgrad::nn::functional::kernels
