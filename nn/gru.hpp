#pragma once

#include <cstdint>
#include <memory>
#include <tuple>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/rnn_base.hpp"

namespace xgrad::nn {

class GRUOptions {
 public:
  GRUOptions(int64_t input_size, int64_t hidden_size)
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

// A multi-layer GRU over whole sequences, as torch.nn.GRU
// (https://pytorch.org/docs/1.13/generated/torch.nn.GRU.html): each layer runs GRUCell's step
// over its input sequence (the GRU's input for layer 0, the outputs of the layer below, both
// directions concatenated, above). Parameters as detail::RNNImplBase says, with 3*hidden_size
// gate rows (r, z, n).
class GRU : public detail::RNNImplBase {
 public:
  GRU(int64_t input_size, int64_t hidden_size, int64_t num_layers = 1, bool bias = true,
      bool batch_first = false);
  explicit GRU(const GRUOptions& options);

  // input (L, N, input_size), (N, L, input_size) with batch_first, or unbatched (L,
  // input_size); hx (num_layers * directions, N, hidden_size) or unbatched (num_layers *
  // directions, hidden_size), zeros when undefined. Returns (output, h_n): output (L, N,
  // directions * hidden_size) (batch_first and unbatched as the input), the last layer's h at
  // every step; h_n every layer's and direction's last h.
  std::tuple<Tensor, Tensor> forward(const Tensor& input, const Tensor& hx = Tensor()) const;
  // The same for a packed batch (see nn::LSTM).
  std::tuple<utils::rnn::PackedSequence, Tensor> forward(const utils::rnn::PackedSequence& input,
                                                         const Tensor& hx = Tensor()) const;
  template <typename Input>
  auto operator()(const Input& input, const Tensor& hx = Tensor()) const {
    return forward(input, hx);
  }
  std::shared_ptr<Module> clone() const override;
  const GRUOptions& options() const { return options_; }

 private:
  GRUOptions options_;
};

}  // namespace xgrad::nn
