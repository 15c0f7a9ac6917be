#include "xgrad/nn/lstm.hpp"

#include <memory>
#include <vector>

namespace xgrad::nn {

namespace {

std::vector<Tensor> state_list(const std::optional<LSTM::State>& hx) {
  if (!hx) return {};
  return {std::get<0>(*hx), std::get<1>(*hx)};
}

}  // namespace

LSTM::LSTM(int64_t input_size, int64_t hidden_size) : LSTM(LSTMOptions(input_size, hidden_size)) {}

LSTM::LSTM(const LSTMOptions& options)
    : RNNImplBase("LSTM", detail::RNNOptionsBase::of(detail::RNNMode::kLSTM, options)),
      options_(options) {}

std::tuple<Tensor, LSTM::State> LSTM::forward(const Tensor& input, std::optional<State> hx) const {
  auto [output, state] = run(input, state_list(hx));
  return {output, {state[0], state[1]}};
}

std::tuple<utils::rnn::PackedSequence, LSTM::State> LSTM::forward(
    const utils::rnn::PackedSequence& input, std::optional<State> hx) const {
  auto [output, state] = run(input, state_list(hx));
  return {output, {state[0], state[1]}};
}

std::shared_ptr<Module> LSTM::clone() const {
  return fill_clone(std::make_shared<LSTM>(options_));
}

}  // namespace xgrad::nn
