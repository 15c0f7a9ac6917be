#pragma once

#include <cstdint>
#include <memory>
#include <tuple>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/rnn_base.hpp"

namespace xgrad::nn {

// The nonlinearity of an Elman RNN: tanh(...) or relu(...).
enum class RNNNonlinearity { kTanh, kReLU };
inline constexpr RNNNonlinearity kTanh = RNNNonlinearity::kTanh;
inline constexpr RNNNonlinearity kReLU = RNNNonlinearity::kReLU;

class RNNOptions {
 public:
  RNNOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(int64_t, num_layers) = 1;
  XGRAD_ARG(RNNNonlinearity, nonlinearity) = kTanh;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(bool, batch_first) = false;
  // The probability of zeroing each output of every layer but the last, when training.
  XGRAD_ARG(double, dropout) = 0.0;
  XGRAD_ARG(bool, bidirectional) = false;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A multi-layer Elman RNN, as torch.nn.RNN
// (https://pytorch.org/docs/1.13/generated/torch.nn.RNN.html): each layer computes
// h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (relu with kReLU) over its input
// sequence. Parameters as detail::RNNImplBase says, with hidden_size gate rows.
class RNN : public detail::RNNImplBase {
 public:
  RNN(int64_t input_size, int64_t hidden_size);
  explicit RNN(const RNNOptions& options);

  // input (L, N, input_size), (N, L, input_size) with batch_first, or unbatched (L,
  // input_size); hx (num_layers * directions, N, hidden_size) or unbatched (num_layers *
  // directions, hidden_size), zeros when undefined. Returns (output, h_n) as nn::GRU does.
  std::tuple<Tensor, Tensor> forward(const Tensor& input, const Tensor& hx = Tensor()) const;
  // The same for a packed batch (see nn::LSTM).
  std::tuple<utils::rnn::PackedSequence, Tensor> forward(const utils::rnn::PackedSequence& input,
                                                         const Tensor& hx = Tensor()) const;
  template <typename Input>
  auto operator()(const Input& input, const Tensor& hx = Tensor()) const {
    return forward(input, hx);
  }
  std::shared_ptr<Module> clone() const override;
  const RNNOptions& options() const { return options_; }

 private:
  RNNOptions options_;
};

}  // namespace xgrad::nn
