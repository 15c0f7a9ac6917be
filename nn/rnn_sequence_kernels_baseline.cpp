// The sequence loops for the instruction set the library is compiled for (SSE2 on x86-64).
#include "xgrad/nn/rnn_sequence_kernels.hpp"
#include "xgrad/nn/rnn_sequence_kernels_dispatch.hpp"

namespace xgrad::nn::functional::kernels {

namespace {
using Arch = xsimd::default_arch;

template <typename T>
SequenceKernels<T> kernels_for() {
  return {&rnn_forward<Arch, T>,   &rnn_backward<Arch, T>, &lstm_forward<Arch, T>,
          &lstm_backward<Arch, T>, &gru_forward<Arch, T>,  &gru_backward<Arch, T>};
}
}  // namespace

template <>
SequenceKernels<float> baseline_sequence_kernels<float>() {
  return kernels_for<float>();
}
template <>
SequenceKernels<double> baseline_sequence_kernels<double>() {
  return kernels_for<double>();
}

}  // namespace xgrad::nn::functional::kernels
