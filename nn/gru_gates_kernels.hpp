#pragma once

// The fused GRU gate loops, written once over an xsimd architecture and compiled once per
// architecture (gru_gates_kernels_*.cpp); gru_gates.cpp picks one at run time.
#include <cstdint>

#include "xgrad/nn/gru_gate_gradients.hpp"
#include "xgrad/nn/simd_columns.hpp"

namespace xgrad::nn::functional::kernels {

namespace {

template <typename Arch, typename T>
void gates_forward(const T* gi, const T* gh, const T* h, T* out, int64_t batch, int64_t hidden) {
  for (int64_t b = 0; b < batch; ++b) {
    const T* i = gi + b * 3 * hidden;
    const T* g = gh + b * 3 * hidden;
    const T* hb = h + b * hidden;
    T* o = out + b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      const auto r = sigmoid_of(load(i + j) + load(g + j));
      const auto z = sigmoid_of(load(i + hidden + j) + load(g + hidden + j));
      const auto n = tanh(load(i + 2 * hidden + j) + r * load(g + 2 * hidden + j));
      store(o + j, (load(hb + j) - n) * z + n);
    });
  }
}

// From the output gradient `grad`, the gradients of the gate pre-activations (the r and z
// blocks are the same for input and hidden gates; the n block differs by the factor r) and
// of hx.
template <typename Arch, typename T>
void gates_backward(const T* gi, const T* gh, const T* h, const T* grad, T* d_gi, T* d_gh, T* d_h,
                    int64_t batch, int64_t hidden) {
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row3 = b * 3 * hidden, row = b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      using V = decltype(load(gi));
      const V r = sigmoid_of(load(gi + row3 + j) + load(gh + row3 + j));
      const V z = sigmoid_of(load(gi + row3 + hidden + j) + load(gh + row3 + hidden + j));
      const V hn = load(gh + row3 + 2 * hidden + j);
      const V n = tanh(load(gi + row3 + 2 * hidden + j) + r * hn);
      const V g = load(grad + row + j);
      const GRUGateGradients<V> d = gru_gate_gradients(g, r, z, n, hn, load(h + row + j));
      store_gru_gate_gradients(store, d, r, d_gi + row3 + j, d_gh + row3 + j, d_h + row + j,
                               hidden);
    });
  }
}

}  // namespace

}  // namespace xgrad::nn::functional::kernels
