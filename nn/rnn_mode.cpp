#include "xgrad/nn/rnn_mode.hpp"

#include "xgrad/framework/ops/elementwise.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn::detail {

int64_t gate_count(RNNMode mode) {
  switch (mode) {
    case RNNMode::kLSTM:
      return 4;
    case RNNMode::kGRU:
      return 3;
    default:
      return 1;
  }
}

size_t state_count(RNNMode mode) {
  return mode == RNNMode::kLSTM ? 2 : 1;
}

const char* mode_name(RNNMode mode) {
  switch (mode) {
    case RNNMode::kLSTM:
      return "LSTM";
    case RNNMode::kGRU:
      return "GRU";
    default:
      return "RNN";
  }
}

std::vector<Tensor> rnn_step(RNNMode mode, const Tensor& input_gates, const Tensor& hidden_gates,
                             const std::vector<Tensor>& state) {
  switch (mode) {
    case RNNMode::kRNNTanh:
      return {tanh(input_gates + hidden_gates)};
    case RNNMode::kRNNReLU:
      return {relu(input_gates + hidden_gates)};
    case RNNMode::kGRU:
      return {functional::gru_gates(input_gates, hidden_gates, state[0])};
    case RNNMode::kLSTM: {
      const std::vector<Tensor> gates = chunk(input_gates + hidden_gates, 4, 1);
      const Tensor c = sigmoid(gates[1]) * state[1] + sigmoid(gates[0]) * tanh(gates[2]);
      return {sigmoid(gates[3]) * tanh(c), c};
    }
  }
  return {};
}

}  // namespace xgrad::nn::detail
