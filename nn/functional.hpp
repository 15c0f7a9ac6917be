#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/softmax.hpp"

// The stateless forms of nn's layers, as torch.nn.functional (losses are in nn/loss.hpp).
namespace xgrad::nn::functional {

using ::xgrad::linear;
using ::xgrad::log_softmax;
using ::xgrad::softmax;

// Activations, as torch.nn.functional's (defined in nn/activation.cpp).
// x * Phi(x), Phi the standard normal CDF; approximate "tanh" computes
// 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). Any other string throws PyTorch's
// "approximate argument must be either none or tanh.".
Tensor gelu(const Tensor& input, const std::string& approximate = "none");
// x where x > 0, negative_slope * x elsewhere.
Tensor leaky_relu(const Tensor& input, double negative_slope = 0.01);
// x where x > 0, alpha (exp(x) - 1) elsewhere.
Tensor elu(const Tensor& input, double alpha = 1.0);
// log(1 + exp(beta x)) / beta, and x itself where beta x > threshold.
Tensor softplus(const Tensor& input, double beta = 1.0, double threshold = 20.0);
// log(sigmoid(x)), finite for any finite x (F.logsigmoid).
Tensor log_sigmoid(const Tensor& input);

// One step of each recurrent cell, exactly the forward of torch.nn.GRUCell, LSTMCell and
// RNNCell (tanh or relu), for batched (N, input_size) or unbatched (input_size) input; an
// undefined or absent state means zeros; biases may be undefined.
Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                const Tensor& b_ih = Tensor(), const Tensor& b_hh = Tensor());
// Returns (h', c') from hx = (h, c).
std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input,
                                     const std::optional<std::tuple<Tensor, Tensor>>& hx,
                                     const Tensor& w_ih, const Tensor& w_hh,
                                     const Tensor& b_ih = Tensor(), const Tensor& b_hh = Tensor());
Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih = Tensor(), const Tensor& b_hh = Tensor());
Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih = Tensor(), const Tensor& b_hh = Tensor());

// Indexing and dropout, as torch.nn.functional's (nn/embedding_functional.cpp,
// nn/dropout_functional.cpp).
// The rows of a 2-D weight at int64 indices of any shape: indices.sizes() + [embedding_dim].
// The row at padding_idx (negative counts from the end) gets no gradient.
Tensor embedding(const Tensor& indices, const Tensor& weight,
                 std::optional<int64_t> padding_idx = std::nullopt);
// int64 indices to int64 one-hot rows: indices.sizes() + [num_classes]; -1 means max + 1.
Tensor one_hot(const Tensor& indices, int64_t num_classes = -1);
// Zeros each element with probability p and scales the rest by 1 / (1 - p) when training; the
// input itself otherwise. Draws from the global generator.
Tensor dropout(const Tensor& input, double p = 0.5, bool training = true);

// The gate arithmetic of a GRU step from precomputed gate pre-activations:
// input_gates = x W_ih^T + b_ih and hidden_gates = h W_hh^T + b_hh, both (N, 3*hidden_size);
// hx (N, hidden_size). One fused node with a hand-written backward (SIMD loops).
Tensor gru_gates(const Tensor& input_gates, const Tensor& hidden_gates, const Tensor& hx);
// The same arithmetic composed of framework ops (chunk, sigmoid, tanh, arithmetic): the
// reference the fused form is tested against.
Tensor gru_gates_composed(const Tensor& input_gates, const Tensor& hidden_gates, const Tensor& hx);

}  // namespace xgrad::nn::functional

// Normalization, as torch.nn.functional's (nn/layer_norm_functional.cpp).
namespace xgrad::nn::functional {

// Normalizes over the last normalized_shape.size() dims, which must equal normalized_shape:
// (x - mean) / sqrt(var + eps) with the biased variance, then times weight and plus bias (each
// of normalized_shape, or undefined). Composed of differentiable ops.
Tensor layer_norm(const Tensor& input, const std::vector<int64_t>& normalized_shape,
                  const Tensor& weight = {}, const Tensor& bias = {}, double eps = 1e-5);

}  // namespace xgrad::nn::functional
