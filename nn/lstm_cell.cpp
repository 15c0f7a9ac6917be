#include "xgrad/nn/lstm_cell.hpp"

#include <memory>
#include <vector>

#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

namespace functional {

std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input,
                                     const std::optional<std::tuple<Tensor, Tensor>>& hx,
                                     const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                                     const Tensor& b_hh) {
  std::vector<Tensor> state;
  if (hx) state = {std::get<0>(*hx), std::get<1>(*hx)};
  const std::vector<Tensor> next = nn::detail::rnn_cell(
      nn::detail::RNNMode::kLSTM, "LSTMCell", "lstm_cell", input, state, w_ih, w_hh, b_ih, b_hh);
  return {next[0], next[1]};
}

}  // namespace functional

LSTMCell::LSTMCell(int64_t input_size, int64_t hidden_size, bool bias)
    : LSTMCell(LSTMCellOptions(input_size, hidden_size).bias(bias)) {}

LSTMCell::LSTMCell(const LSTMCellOptions& options)
    : RNNCellImplBase("LSTMCell", detail::RNNCellOptionsBase::of(detail::RNNMode::kLSTM, options)),
      options_(options) {}

LSTMCell::State LSTMCell::forward(const Tensor& input, std::optional<State> hx) const {
  return functional::lstm_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
}

std::shared_ptr<Module> LSTMCell::clone() const {
  return fill_clone(std::make_shared<LSTMCell>(options_));
}

}  // namespace xgrad::nn
