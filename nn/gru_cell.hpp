#pragma once

#include <cstdint>
#include <memory>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"
#include "xgrad/nn/rnn_base.hpp"

namespace xgrad::nn {

class GRUCellOptions {
 public:
  GRUCellOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A gated recurrent unit cell, exactly torch.nn.GRUCell
// (https://pytorch.org/docs/1.13/generated/torch.nn.GRUCell.html): for input x and hidden
// state h,
//   r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
//   z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
//   n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
//   h' = (1 - z) * n + z * h
// where weight_ih stacks W_ir, W_iz, W_in (each (hidden_size, input_size)) in that order,
// weight_hh stacks W_hr, W_hz, W_hn, and bias_ih, bias_hh the biases likewise; every parameter
// starts from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)). The parameters are the members
// weight_ih (3*hidden_size, input_size), weight_hh (3*hidden_size, hidden_size), bias_ih and
// bias_hh (3*hidden_size, undefined without bias), from detail::RNNCellImplBase.
class GRUCell : public detail::RNNCellImplBase {
 public:
  GRUCell(int64_t input_size, int64_t hidden_size, bool bias = true, Device device = Device("cpu"),
          Dtype dtype = get_default_dtype());
  explicit GRUCell(const GRUCellOptions& options);

  // input (N, input_size) or (input_size); hx (N, hidden_size) or (hidden_size), zeros when
  // undefined. Returns h' shaped like hx.
  Tensor forward(const Tensor& input, const Tensor& hx = Tensor()) const;
  Tensor operator()(const Tensor& input, const Tensor& hx = Tensor()) const {
    return forward(input, hx);
  }
  std::shared_ptr<Module> clone() const override;
  const GRUCellOptions& options() const { return options_; }

 private:
  GRUCellOptions options_;
};

}  // namespace xgrad::nn
