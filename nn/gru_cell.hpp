#pragma once

#include <cstdint>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class GRUCellOptions {
 public:
  GRUCellOptions(int64_t input_size, int64_t hidden_size) : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A gated recurrent unit cell, exactly torch.nn.GRUCell (shared/spec/gru_cell.md):
//   r = sigmoid(x W_ir^T + b_ir + h W_hr^T + b_hr)
//   z = sigmoid(x W_iz^T + b_iz + h W_hz^T + b_hz)
//   n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn))
//   h' = (1 - z) * n + z * h
// with the rows of each weight stacked in gate order r, z, n.
class GRUCell : public Module {
 public:
  GRUCell(int64_t input_size, int64_t hidden_size, bool bias = true, Device device = Device("cpu"),
          Dtype dtype = get_default_dtype());
  explicit GRUCell(const GRUCellOptions& options);

  // input (N, input_size) or (input_size); hx (N, hidden_size) or (hidden_size), zeros when
  // undefined. Returns h' shaped like hx.
  Tensor forward(const Tensor& input, const Tensor& hx = Tensor()) const;
  Tensor operator()(const Tensor& input, const Tensor& hx = Tensor()) const { return forward(input, hx); }
  void pretty_print(std::ostream& os) const override;
  const GRUCellOptions& options() const { return options_; }

  Tensor weight_ih;  // (3*hidden_size, input_size)
  Tensor weight_hh;  // (3*hidden_size, hidden_size)
  Tensor bias_ih;    // (3*hidden_size), undefined without bias
  Tensor bias_hh;    // (3*hidden_size), undefined without bias

 private:
  GRUCellOptions options_;
};

}  // namespace xgrad::nn
