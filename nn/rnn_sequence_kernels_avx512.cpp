// The sequence loops for AVX-512F, compiled with -mavx512f -mavx2 -mfma (CMakeLists.txt) and
// called only when the CPU has them.
#include "xgrad/nn/rnn_sequence_kernels.hpp"

namespace xgrad::nn::functional::kernels {

#if defined(__AVX512F__)
using Arch = xsimd::avx512f;
#else  // a target without it (simd_level() never chooses this build there)
using Arch = xsimd::default_arch;
#endif

template <>
SequenceKernels<float> avx512_sequence_kernels<float>() {
  return sequence_kernels_for<Arch, float>();
}
template <>
SequenceKernels<double> avx512_sequence_kernels<double>() {
  return sequence_kernels_for<Arch, double>();
}

}  // namespace xgrad::nn::functional::kernels
