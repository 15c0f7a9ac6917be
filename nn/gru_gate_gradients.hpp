#pragma once

// The gradients of a GRU step's gate pre-activations, shared by the GRUCell gate kernel and the
// fused sequence kernel. With h' = (1 - z) n + z h, n = tanh(x_n + r hn), and g the gradient of
// h': the r and z blocks are the same for the input and hidden gates, the hidden n block is d_n
// times r, and d_h is the part of h's gradient that does not run through the hidden gates.
#include <cstdint>

namespace xgrad::nn::functional::kernels {

template <typename V>
struct GRUGateGradients {
  V d_r, d_z, d_n, d_h;
};

template <typename V>
GRUGateGradients<V> gru_gate_gradients(V g, V r, V z, V n, V hn, V h) {
  const V d_n = g * (V(1) - z) * (V(1) - n * n);
  return {d_n * hn * r * (V(1) - r), g * (h - n) * z * (V(1) - z), d_n, g * z};
}

// Writes the gradients at one column position of a row with store(pointer, value): the input
// gates' (d_r, d_z, d_n) and the hidden gates' (d_r, d_z, d_n r), H apart in their rows, and d_h.
template <typename V, typename T, typename Store>
void store_gru_gate_gradients(Store store, const GRUGateGradients<V>& d, const V& r, T* d_input,
                              T* d_hidden, T* d_h, int64_t hidden) {
  store(d_input, d.d_r);
  store(d_input + hidden, d.d_z);
  store(d_input + 2 * hidden, d.d_n);
  store(d_hidden, d.d_r);
  store(d_hidden + hidden, d.d_z);
  store(d_hidden + 2 * hidden, d.d_n * r);
  store(d_h, d.d_h);
}

}  // namespace xgrad::nn::functional::kernels
