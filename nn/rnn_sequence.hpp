#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/rnn_mode.hpp"

// The sequence driver shared by RNN, LSTM and GRU: layers times directions over a batch in packed
// form, which a padded batch is too (every step the whole batch).
namespace xgrad::nn::detail {

struct RNNLayerWeights {
  Tensor weight_ih, weight_hh, bias_ih, bias_hh;  // biases may be undefined
};

struct RNNSequenceResult {
  Tensor data;                // (sum of batch_sizes, directions * hidden_size)
  std::vector<Tensor> state;  // (h_n) or (h_n, c_n), each (layers * directions, N, hidden_size)
};

// Runs the stack on data (sum of batch_sizes, input_size), whose rows are the batch at step 0,
// then at step 1, ...: batch_sizes non-increasing, N = batch_sizes[0]. weights holds layer k's
// direction d at k * directions + d; initial the starting state, each (layers * directions, N,
// hidden_size). Each sequence's final state is taken at its own last step. Between layers the
// output goes through dropout(p) when training, as PyTorch's.
RNNSequenceResult run_rnn_layers(RNNMode mode, const std::vector<RNNLayerWeights>& weights,
                                 int64_t num_layers, bool bidirectional, const Tensor& data,
                                 const std::vector<int64_t>& batch_sizes,
                                 const std::vector<Tensor>& initial, double dropout, bool training);

}  // namespace xgrad::nn::detail
