#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/rnn_base.hpp"

namespace xgrad::nn {

class LSTMOptions {
 public:
  LSTMOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(int64_t, num_layers) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(bool, batch_first) = false;
  // The probability of zeroing each output of every layer but the last, when training.
  XGRAD_ARG(double, dropout) = 0.0;
  XGRAD_ARG(bool, bidirectional) = false;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A multi-layer long short-term memory RNN, as torch.nn.LSTM
// (https://pytorch.org/docs/1.13/generated/torch.nn.LSTM.html) without projections: each layer
// runs LSTMCell's step over its input sequence (the LSTM's input for layer 0, the outputs of
// the layer below, both directions concatenated, above). Parameters as detail::RNNImplBase
// says, with 4*hidden_size gate rows (i, f, g, o).
class LSTM : public detail::RNNImplBase {
 public:
  using State = std::tuple<Tensor, Tensor>;  // (h, c)

  LSTM(int64_t input_size, int64_t hidden_size);
  explicit LSTM(const LSTMOptions& options);

  // input (L, N, input_size), (N, L, input_size) with batch_first, or unbatched (L,
  // input_size); hx (h_0, c_0), each (num_layers * directions, N, hidden_size) or unbatched
  // (num_layers * directions, hidden_size), zeros when absent. Returns (output, (h_n, c_n)):
  // output (L, N, directions * hidden_size) (batch_first and unbatched as the input), the last
  // layer's h at every step; h_n and c_n every layer's and direction's last state.
  std::tuple<Tensor, State> forward(const Tensor& input, std::optional<State> hx = {}) const;
  // The same for a packed batch: output is packed as the input, and h_n and c_n hold each
  // sequence's state after its own last step, in the caller's batch order.
  std::tuple<utils::rnn::PackedSequence, State> forward(const utils::rnn::PackedSequence& input,
                                                        std::optional<State> hx = {}) const;
  template <typename Input>
  auto operator()(const Input& input, std::optional<State> hx = {}) const {
    return forward(input, std::move(hx));
  }
  std::shared_ptr<Module> clone() const override;
  const LSTMOptions& options() const { return options_; }

 private:
  LSTMOptions options_;
};

}  // namespace xgrad::nn
