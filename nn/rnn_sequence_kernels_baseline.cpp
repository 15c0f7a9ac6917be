// The sequence loops for the instruction set the library is compiled for (SSE2 on x86-64).
#include "xgrad/nn/rnn_sequence_kernels.hpp"

namespace xgrad::nn::functional::kernels {

using Arch = xsimd::default_arch;

template <>
SequenceKernels<float> baseline_sequence_kernels<float>() {
  return sequence_kernels_for<Arch, float>();
}
template <>
SequenceKernels<double> baseline_sequence_kernels<double>() {
  return sequence_kernels_for<Arch, double>();
}

}  // namespace xgrad::nn::functional::kernels
