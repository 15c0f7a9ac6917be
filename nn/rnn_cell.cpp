#include "xgrad/nn/rnn_cell.hpp"

#include <memory>

#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

namespace functional {

Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih, const Tensor& b_hh) {
  return nn::detail::rnn_cell(nn::detail::RNNMode::kRNNTanh, "RNNCell", "rnn_tanh_cell", input,
                              nn::detail::single_state(hx), w_ih, w_hh, b_ih, b_hh)[0];
}

Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih, const Tensor& b_hh) {
  return nn::detail::rnn_cell(nn::detail::RNNMode::kRNNReLU, "RNNCell", "rnn_relu_cell", input,
                              nn::detail::single_state(hx), w_ih, w_hh, b_ih, b_hh)[0];
}

}  // namespace functional

RNNCell::RNNCell(int64_t input_size, int64_t hidden_size, bool bias, RNNNonlinearity nonlinearity)
    : RNNCell(RNNCellOptions(input_size, hidden_size).bias(bias).nonlinearity(nonlinearity)) {}

RNNCell::RNNCell(const RNNCellOptions& options)
    : RNNCellImplBase("RNNCell", detail::RNNCellOptionsBase::of(options.nonlinearity() == kReLU
                                                                    ? detail::RNNMode::kRNNReLU
                                                                    : detail::RNNMode::kRNNTanh,
                                                                options)),
      options_(options) {}

Tensor RNNCell::forward(const Tensor& input, const Tensor& hx) const {
  return options_.nonlinearity() == kReLU
             ? functional::rnn_relu_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh)
             : functional::rnn_tanh_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
}

std::shared_ptr<Module> RNNCell::clone() const {
  return fill_clone(std::make_shared<RNNCell>(options_));
}

}  // namespace xgrad::nn
