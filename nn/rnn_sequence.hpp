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

// One layer in one direction over the whole sequence.
struct DirectionResult {
  Tensor output;              // (sum of batch_sizes, hidden_size): h at each step, in step order
  std::vector<Tensor> state;  // the final (h) or (h, c), each (N, hidden_size)
};

// Runs one layer in one direction (reverse: from the last step to the first) on input
// (sum of batch_sizes, input_size) from the state `initial` (each (N, hidden_size)). Going forward
// the batch shrinks: the rows that leave at step t have ended, and their state is final. Going
// backward it grows: a sequence joins at its last step, from its initial state.
// - composed: one node per framework op per step, the reference;
// - fused: one node for the whole layer, with the hand-written backward of rnn_fused_layer.cpp
//   (the composed form where it does not apply: dtypes other than float32 and float64).
DirectionResult run_direction_composed(RNNMode mode, const RNNLayerWeights& weights,
                                       const Tensor& input, const std::vector<int64_t>& batch_sizes,
                                       const std::vector<Tensor>& initial, bool reverse);
DirectionResult run_direction_fused(RNNMode mode, const RNNLayerWeights& weights,
                                    const Tensor& input, const std::vector<int64_t>& batch_sizes,
                                    const std::vector<Tensor>& initial, bool reverse);

enum class RNNKernel { kFused, kComposed };

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
                                 const std::vector<Tensor>& initial, double dropout, bool training,
                                 RNNKernel kernel = RNNKernel::kFused);

}  // namespace xgrad::nn::detail
