#pragma once

#include <cstdint>
#include <memory>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/rnn.hpp"
#include "xgrad/nn/rnn_base.hpp"

namespace xgrad::nn {

class RNNCellOptions {
 public:
  RNNCellOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(RNNNonlinearity, nonlinearity) = kTanh;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// An Elman RNN cell, exactly torch.nn.RNNCell
// (https://pytorch.org/docs/1.13/generated/torch.nn.RNNCell.html):
// h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), relu with kReLU; weight_ih (hidden_size,
// input_size), weight_hh (hidden_size, hidden_size) (detail::RNNCellImplBase).
class RNNCell : public detail::RNNCellImplBase {
 public:
  RNNCell(int64_t input_size, int64_t hidden_size, bool bias = true,
          RNNNonlinearity nonlinearity = kTanh);
  explicit RNNCell(const RNNCellOptions& options);

  // input (N, input_size) or unbatched (input_size); hx (N, hidden_size) or (hidden_size),
  // zeros when undefined. Returns h' shaped like hx.
  Tensor forward(const Tensor& input, const Tensor& hx = Tensor()) const;
  Tensor operator()(const Tensor& input, const Tensor& hx = Tensor()) const {
    return forward(input, hx);
  }
  std::shared_ptr<Module> clone() const override;
  const RNNCellOptions& options() const { return options_; }

 private:
  RNNCellOptions options_;
};

}  // namespace xgrad::nn
