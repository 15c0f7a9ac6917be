#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/framework/tensor.hpp"

// The recurrences of the recurrent modules, one step at a time, as PyTorch's RNN, LSTM and GRU
// compute them (https://pytorch.org/docs/1.13/nn.html#recurrent-layers).
namespace xgrad::nn::detail {

enum class RNNMode { kRNNTanh, kRNNReLU, kLSTM, kGRU };

// The gates stacked in the weights' rows: 1 for RNN, 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n).
int64_t gate_count(RNNMode mode);
// The tensors of the recurrent state: 2 for LSTM (h, c), 1 otherwise (h).
size_t state_count(RNNMode mode);
// "RNN", "LSTM", "GRU".
const char* mode_name(RNNMode mode);

// One step from precomputed pre-activations input_gates = x W_ih^T + b_ih and hidden_gates =
// h W_hh^T + b_hh, both (N, gates * hidden_size), and the state (h) or (h, c), each
// (N, hidden_size). Returns the next state in the same layout.
std::vector<Tensor> rnn_step(RNNMode mode, const Tensor& input_gates, const Tensor& hidden_gates,
                             const std::vector<Tensor>& state);

}  // namespace xgrad::nn::detail
