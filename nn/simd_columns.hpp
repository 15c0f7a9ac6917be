#pragma once

// The building blocks of the fused recurrent kernels (gru_gates_kernels.hpp,
// rnn_sequence_kernels.hpp): activations written once for xsimd batches and scalars, and a loop
// over the H columns of a row in SIMD batches with a scalar tail. Each kernel file is compiled
// once per architecture, so all of this has internal linkage.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <xsimd/xsimd.hpp>

namespace xgrad::nn::functional::kernels {

namespace {  // internal linkage: each architecture's translation unit keeps its own copy

template <typename T, typename Arch>
using Batch = xsimd::batch<T, Arch>;

using std::tanh;
using xsimd::tanh;

template <typename V>
V sigmoid_of(const V& x) {
  return V(1) / (V(1) + exp(-x));
}
inline float sigmoid_of(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}
inline double sigmoid_of(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

template <typename V>
V relu_of(const V& x) {
  return xsimd::max(x, V(0));
}
inline float relu_of(float x) {
  return std::max(x, 0.0f);
}
inline double relu_of(double x) {
  return std::max(x, 0.0);
}

// The gradient of relu's input from its output y and the output gradient g.
template <typename V>
V relu_backward(const V& y, const V& g) {
  return xsimd::select(y > V(0), g, V(0));
}
inline float relu_backward(float y, float g) {
  return y > 0.0f ? g : 0.0f;
}
inline double relu_backward(double y, double g) {
  return y > 0.0 ? g : 0.0;
}

// Loads H-wide rows in SIMD batches and a scalar tail; body(j, loader) is written once for both.
template <typename T, typename Arch, typename Body>
void for_each_column(int64_t hidden, Body body) {
  constexpr auto width = static_cast<int64_t>(Batch<T, Arch>::size);
  int64_t j = 0;
  for (; j + width <= hidden; j += width) {
    body(
        j, [](const T* p) { return Batch<T, Arch>::load_unaligned(p); },
        [](T* p, const Batch<T, Arch>& v) { v.store_unaligned(p); });
  }
  for (; j < hidden; ++j) {
    body(
        j, [](const T* p) { return *p; }, [](T* p, T v) { *p = v; });
  }
}

}  // namespace

}  // namespace xgrad::nn::functional::kernels
