#include "xgrad/nn/gru_cell.hpp"

#include <memory>

#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

namespace functional {

Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                const Tensor& b_ih, const Tensor& b_hh) {
  nn::detail::check_rnn_cell_forward("GRUCell", "gru_cell", 3, input, hx, w_ih, w_hh);
  const bool batched = input.dim() == 2;
  const Tensor x = batched ? input : input.unsqueeze(0);
  const Tensor h = !hx.defined() ? zeros({x.size(0), w_hh.size(1)}, x.dtype())
                   : batched     ? hx
                                 : hx.unsqueeze(0);
  const Tensor next = gru_gates(linear(x, w_ih, b_ih), linear(h, w_hh, b_hh), h);
  return batched ? next : next.squeeze(0);
}

}  // namespace functional

GRUCell::GRUCell(int64_t input_size, int64_t hidden_size, bool bias, Device device, Dtype dtype)
    : GRUCell(GRUCellOptions(input_size, hidden_size).bias(bias).device(device).dtype(dtype)) {}

GRUCell::GRUCell(const GRUCellOptions& options)
    : RNNCellImplBase("GRUCell",
                      detail::RNNCellOptionsBase(3, options.input_size(), options.hidden_size())
                          .bias(options.bias())
                          .dtype(options.dtype())
                          .device(options.device())),
      options_(options) {}

Tensor GRUCell::forward(const Tensor& input, const Tensor& hx) const {
  return functional::gru_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
}

std::shared_ptr<Module> GRUCell::clone() const {
  return fill_clone(std::make_shared<GRUCell>(options_));
}

}  // namespace xgrad::nn
