#pragma once

// The per-step loops of the fused sequence layers (rnn_fused_layer.cpp), written once over an
// xsimd architecture and compiled once per architecture (rnn_sequence_kernels_*.cpp). Rows are
// the batch at one step; the gates lie in the column order of PyTorch's weights: LSTM i, f, g, o
// and GRU r, z, n. gx holds x W_ih^T + b_ih (+ b_hh but for GRU), gh holds h W_hh^T (GRU: + b_hh).
#include <cstdint>

#include "xgrad/nn/gru_gate_gradients.hpp"
#include "xgrad/nn/rnn_sequence_kernels_dispatch.hpp"
#include "xgrad/nn/simd_columns.hpp"

namespace xgrad::nn::functional::kernels {

namespace {

// h = tanh(gx + gh) or relu(gx + gh).
template <typename Arch, typename T>
void rnn_forward(const T* gx, const T* gh, T* h, int64_t batch, int64_t hidden, bool relu) {
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row = b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      const auto pre = load(gx + row + j) + load(gh + row + j);
      store(h + row + j, relu ? relu_of(pre) : tanh(pre));
    });
  }
}

// From the step's output h and its gradient dy + dh (from the output and from the next step),
// the gradient of the pre-activation.
template <typename Arch, typename T>
void rnn_backward(const T* h, const T* dy, const T* dh, T* d_pre, int64_t batch, int64_t hidden,
                  bool relu) {
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row = b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      using V = decltype(load(h));
      const V y = load(h + row + j);
      const V g = load(dy + row + j) + load(dh + row + j);
      store(d_pre + row + j, relu ? relu_backward(y, g) : g * (V(1) - y * y));
    });
  }
}

// c = f c_prev + i g, h = o tanh(c); keeps the activations i, f, g, o (acts) and c for backward.
template <typename Arch, typename T>
void lstm_forward(const T* gx, const T* gh, const T* c_prev, T* acts, T* c, T* h, int64_t batch,
                  int64_t hidden) {
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row4 = b * 4 * hidden, row = b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      auto pre = [&](int64_t gate) {
        return load(gx + row4 + gate * hidden + j) + load(gh + row4 + gate * hidden + j);
      };
      const auto i = sigmoid_of(pre(0));
      const auto f = sigmoid_of(pre(1));
      const auto g = tanh(pre(2));
      const auto o = sigmoid_of(pre(3));
      const auto c_new = f * load(c_prev + row + j) + i * g;
      store(acts + row4 + j, i);
      store(acts + row4 + hidden + j, f);
      store(acts + row4 + 2 * hidden + j, g);
      store(acts + row4 + 3 * hidden + j, o);
      store(c + row + j, c_new);
      store(h + row + j, o * tanh(c_new));
    });
  }
}

// From dy + dh (the gradient of h) and dc (of c, from the next step), the gradients of the four
// pre-activations; dc becomes the gradient of c_prev.
template <typename Arch, typename T>
void lstm_backward(const T* acts, const T* c, const T* c_prev, const T* dy, const T* dh, T* dc,
                   T* d_pre, int64_t batch, int64_t hidden) {
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row4 = b * 4 * hidden, row = b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      using V = decltype(load(c));
      const V i = load(acts + row4 + j), f = load(acts + row4 + hidden + j);
      const V g = load(acts + row4 + 2 * hidden + j), o = load(acts + row4 + 3 * hidden + j);
      const V tanh_c = tanh(load(c + row + j));
      const V d_h = load(dy + row + j) + load(dh + row + j);
      const V d_c = load(dc + row + j) + d_h * o * (V(1) - tanh_c * tanh_c);
      store(d_pre + row4 + j, d_c * g * i * (V(1) - i));
      store(d_pre + row4 + hidden + j, d_c * load(c_prev + row + j) * f * (V(1) - f));
      store(d_pre + row4 + 2 * hidden + j, d_c * i * (V(1) - g * g));
      store(d_pre + row4 + 3 * hidden + j, d_h * tanh_c * o * (V(1) - o));
      store(dc + row + j, d_c * f);
    });
  }
}

// h = (1 - z) n + z h_prev with n = tanh(gx_n + r gh_n), as PyTorch; keeps r, z, n and gh_n
// (acts, 4 blocks) for backward.
template <typename Arch, typename T>
void gru_forward(const T* gx, const T* gh, const T* h_prev, T* acts, T* h, int64_t batch,
                 int64_t hidden) {
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row3 = b * 3 * hidden, row4 = b * 4 * hidden, row = b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      const auto r = sigmoid_of(load(gx + row3 + j) + load(gh + row3 + j));
      const auto z = sigmoid_of(load(gx + row3 + hidden + j) + load(gh + row3 + hidden + j));
      const auto hn = load(gh + row3 + 2 * hidden + j);
      const auto n = tanh(load(gx + row3 + 2 * hidden + j) + r * hn);
      store(acts + row4 + j, r);
      store(acts + row4 + hidden + j, z);
      store(acts + row4 + 2 * hidden + j, n);
      store(acts + row4 + 3 * hidden + j, hn);
      store(h + row + j, (load(h_prev + row + j) - n) * z + n);
    });
  }
}

// From dy + dh (the gradient of h), the gradients of the input and hidden pre-activations (they
// differ in the n block by the factor r); dh becomes the part of h_prev's gradient that does not
// run through gh (the caller adds d_gh W_hh).
template <typename Arch, typename T>
void gru_backward(const T* acts, const T* h_prev, const T* dy, T* dh, T* d_gx, T* d_gh,
                  int64_t batch, int64_t hidden) {
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t row3 = b * 3 * hidden, row4 = b * 4 * hidden, row = b * hidden;
    for_each_column<T, Arch>(hidden, [&](int64_t j, auto load, auto store) {
      using V = decltype(load(dy));
      const V r = load(acts + row4 + j), z = load(acts + row4 + hidden + j);
      const V n = load(acts + row4 + 2 * hidden + j), hn = load(acts + row4 + 3 * hidden + j);
      const V g = load(dy + row + j) + load(dh + row + j);
      const GRUGateGradients<V> d = gru_gate_gradients(g, r, z, n, hn, load(h_prev + row + j));
      store_gru_gate_gradients(store, d, r, d_gx + row3 + j, d_gh + row3 + j, dh + row + j, hidden);
    });
  }
}

// The table of one architecture's loops (rnn_sequence_kernels_{baseline,avx2,avx512}.cpp).
template <typename Arch, typename T>
SequenceKernels<T> sequence_kernels_for() {
  return {&rnn_forward<Arch, T>,   &rnn_backward<Arch, T>, &lstm_forward<Arch, T>,
          &lstm_backward<Arch, T>, &gru_forward<Arch, T>,  &gru_backward<Arch, T>};
}

}  // namespace

}  // namespace xgrad::nn::functional::kernels
