// The sequence loops for AVX2 + FMA, compiled with -mavx2 -mfma (CMakeLists.txt) and called only
// when the CPU has them.
#include "xgrad/nn/rnn_sequence_kernels.hpp"

namespace xgrad::nn::functional::kernels {

#if defined(__AVX2__) && defined(__FMA__)
using Arch = xsimd::fma3<xsimd::avx2>;
#else  // a target without it (simd_level() never chooses this build there)
using Arch = xsimd::default_arch;
#endif

template <>
SequenceKernels<float> avx2_sequence_kernels<float>() {
  return sequence_kernels_for<Arch, float>();
}
template <>
SequenceKernels<double> avx2_sequence_kernels<double>() {
  return sequence_kernels_for<Arch, double>();
}

}  // namespace xgrad::nn::functional::kernels
