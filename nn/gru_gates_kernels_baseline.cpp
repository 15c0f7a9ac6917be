// The gate loops for the instruction set the library is compiled for (SSE2 on x86-64).
#include "xgrad/nn/gru_gates_dispatch.hpp"
#include "xgrad/nn/gru_gates_kernels.hpp"

namespace xgrad::nn::functional::kernels {

using Arch = xsimd::default_arch;
#define XGRAD_DEFINE_GATE_KERNELS(T)                                                         \
  void gates_forward_baseline(const T* gi, const T* gh, const T* h, T* out, int64_t batch,   \
                              int64_t hidden) {                                              \
    gates_forward<Arch>(gi, gh, h, out, batch, hidden);                                      \
  }                                                                                          \
  void gates_backward_baseline(const T* gi, const T* gh, const T* h, const T* grad, T* d_gi, \
                               T* d_gh, T* d_h, int64_t batch, int64_t hidden) {             \
    gates_backward<Arch>(gi, gh, h, grad, d_gi, d_gh, d_h, batch, hidden);                   \
  }
XGRAD_DEFINE_GATE_KERNELS(float)
XGRAD_DEFINE_GATE_KERNELS(double)
#undef XGRAD_DEFINE_GATE_KERNELS

}  // namespace xgrad::nn::functional::kernels
