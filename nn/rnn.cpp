#include "xgrad/nn/rnn.hpp"

#include <memory>

namespace xgrad::nn {

RNN::RNN(int64_t input_size, int64_t hidden_size) : RNN(RNNOptions(input_size, hidden_size)) {}

RNN::RNN(const RNNOptions& options)
    : RNNImplBase(
          "RNN", detail::RNNOptionsBase(options.nonlinearity() == kReLU ? detail::RNNMode::kRNNReLU
                                                                        : detail::RNNMode::kRNNTanh,
                                        options.input_size(), options.hidden_size())
                     .num_layers(options.num_layers())
                     .bias(options.bias())
                     .batch_first(options.batch_first())
                     .dropout(options.dropout())
                     .bidirectional(options.bidirectional())
                     .dtype(options.dtype())
                     .device(options.device())),
      options_(options) {}

std::tuple<Tensor, Tensor> RNN::forward(const Tensor& input, const Tensor& hx) const {
  auto [output, state] = run(input, detail::single_state(hx));
  return {output, state[0]};
}

std::tuple<utils::rnn::PackedSequence, Tensor> RNN::forward(const utils::rnn::PackedSequence& input,
                                                            const Tensor& hx) const {
  auto [output, state] = run(input, detail::single_state(hx));
  return {output, state[0]};
}

std::shared_ptr<Module> RNN::clone() const {
  return fill_clone(std::make_shared<RNN>(options_));
}

}  // namespace xgrad::nn
