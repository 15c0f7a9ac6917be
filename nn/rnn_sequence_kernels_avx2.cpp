// The sequence loops for AVX2 + FMA, compiled with -mavx2 -mfma (CMakeLists.txt) and called only
// when the CPU has them (else this file builds the baseline again).
#include "xgrad/nn/rnn_sequence_kernels.hpp"
#include "xgrad/nn/rnn_sequence_kernels_dispatch.hpp"

namespace xgrad::nn::functional::kernels {

namespace {
#if defined(__AVX2__) && defined(__FMA__)
using Arch = xsimd::fma3<xsimd::avx2>;
#else
using Arch = xsimd::default_arch;
#endif

template <typename T>
SequenceKernels<T> kernels_for() {
  return {&rnn_forward<Arch, T>,   &rnn_backward<Arch, T>, &lstm_forward<Arch, T>,
          &lstm_backward<Arch, T>, &gru_forward<Arch, T>,  &gru_backward<Arch, T>};
}
}  // namespace

template <>
SequenceKernels<float> avx2_sequence_kernels<float>() {
  return kernels_for<float>();
}
template <>
SequenceKernels<double> avx2_sequence_kernels<double>() {
  return kernels_for<double>();
}

}  // namespace xgrad::nn::functional::kernels
