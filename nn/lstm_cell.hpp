#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/rnn_base.hpp"

namespace xgrad::nn {

class LSTMCellOptions {
 public:
  LSTMCellOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A long short-term memory cell, exactly torch.nn.LSTMCell
// (https://pytorch.org/docs/1.13/generated/torch.nn.LSTMCell.html): for input x and state
// (h, c),
//   i = sigmoid(x W_ii^T + b_ii + h W_hi^T + b_hi)
//   f = sigmoid(x W_if^T + b_if + h W_hf^T + b_hf)
//   g = tanh(x W_ig^T + b_ig + h W_hg^T + b_hg)
//   o = sigmoid(x W_io^T + b_io + h W_ho^T + b_ho)
//   c' = f * c + i * g,  h' = o * tanh(c')
// where weight_ih (4*hidden_size, input_size) stacks W_ii, W_if, W_ig, W_io in that order,
// weight_hh (4*hidden_size, hidden_size) and the biases likewise (detail::RNNCellImplBase).
class LSTMCell : public detail::RNNCellImplBase {
 public:
  using State = std::tuple<Tensor, Tensor>;  // (h, c)

  LSTMCell(int64_t input_size, int64_t hidden_size, bool bias = true);
  explicit LSTMCell(const LSTMCellOptions& options);

  // input (N, input_size) or unbatched (input_size); hx (h, c), each (N, hidden_size) or
  // (hidden_size), zeros when absent. Returns (h', c').
  State forward(const Tensor& input, std::optional<State> hx = {}) const;
  State operator()(const Tensor& input, std::optional<State> hx = {}) const {
    return forward(input, std::move(hx));
  }
  std::shared_ptr<Module> clone() const override;
  const LSTMCellOptions& options() const { return options_; }

 private:
  LSTMCellOptions options_;
};

}  // namespace xgrad::nn
