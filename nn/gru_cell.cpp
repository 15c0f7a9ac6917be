#include "xgrad/nn/gru_cell.hpp"

#include <memory>

#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

namespace functional {

Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                const Tensor& b_ih, const Tensor& b_hh) {
  return nn::detail::rnn_cell(nn::detail::RNNMode::kGRU, "GRUCell", "gru_cell", input,
                              nn::detail::single_state(hx), w_ih, w_hh, b_ih, b_hh)[0];
}

}  // namespace functional

GRUCell::GRUCell(int64_t input_size, int64_t hidden_size, bool bias, Device device, Dtype dtype)
    : GRUCell(GRUCellOptions(input_size, hidden_size).bias(bias).device(device).dtype(dtype)) {}

GRUCell::GRUCell(const GRUCellOptions& options)
    : RNNCellImplBase("GRUCell", detail::RNNCellOptionsBase::of(detail::RNNMode::kGRU, options)),
      options_(options) {}

Tensor GRUCell::forward(const Tensor& input, const Tensor& hx) const {
  return functional::gru_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
}

std::shared_ptr<Module> GRUCell::clone() const {
  return fill_clone(std::make_shared<GRUCell>(options_));
}

}  // namespace xgrad::nn
