#pragma once

// The loops of rnn_sequence_kernels.hpp, built for each supported instruction set;
// sequence_kernels<T>() gives the build this CPU runs best (xgrad::detail::simd_level()).
#include <cstdint>

#include "xgrad/framework/detail/simd_level.hpp"

namespace xgrad::nn::functional::kernels {

template <typename T>
struct SequenceKernels {
  void (*rnn_forward)(const T* gx, const T* gh, T* h, int64_t batch, int64_t hidden, bool relu);
  void (*rnn_backward)(const T* h, const T* dy, const T* dh, T* d_pre, int64_t batch,
                       int64_t hidden, bool relu);
  void (*lstm_forward)(const T* gx, const T* gh, const T* c_prev, T* acts, T* c, T* h,
                       int64_t batch, int64_t hidden);
  void (*lstm_backward)(const T* acts, const T* c, const T* c_prev, const T* dy, const T* dh, T* dc,
                        T* d_pre, int64_t batch, int64_t hidden);
  void (*gru_forward)(const T* gx, const T* gh, const T* h_prev, T* acts, T* h, int64_t batch,
                      int64_t hidden);
  void (*gru_backward)(const T* acts, const T* h_prev, const T* dy, T* dh, T* d_gx, T* d_gh,
                       int64_t batch, int64_t hidden);
};

template <typename T>
SequenceKernels<T> baseline_sequence_kernels();
template <typename T>
SequenceKernels<T> avx2_sequence_kernels();
template <typename T>
SequenceKernels<T> avx512_sequence_kernels();

template <typename T>
const SequenceKernels<T>& sequence_kernels() {
  static const SequenceKernels<T> chosen = [] {
    switch (xgrad::detail::simd_level()) {
      case xgrad::detail::SimdLevel::kAvx512:
        return avx512_sequence_kernels<T>();
      case xgrad::detail::SimdLevel::kAvx2:
        return avx2_sequence_kernels<T>();
      default:
        return baseline_sequence_kernels<T>();
    }
  }();
  return chosen;
}

}  // namespace xgrad::nn::functional::kernels
