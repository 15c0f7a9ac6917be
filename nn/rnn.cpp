#include "xgrad/nn/rnn.hpp"

#include <memory>

namespace xgrad::nn {

RNN::RNN(int64_t input_size, int64_t hidden_size) : RNN(RNNOptions(input_size, hidden_size)) {}

RNN::RNN(const RNNOptions& options)
    : RNNImplBase("RNN", detail::RNNOptionsBase::of(options.nonlinearity() == kReLU
                                                        ? detail::RNNMode::kRNNReLU
                                                        : detail::RNNMode::kRNNTanh,
                                                    options)),
      options_(options) {}

std::tuple<Tensor, Tensor> RNN::forward(const Tensor& input, const Tensor& hx) const {
  return run_with_hidden(input, hx);
}

std::tuple<utils::rnn::PackedSequence, Tensor> RNN::forward(const utils::rnn::PackedSequence& input,
                                                            const Tensor& hx) const {
  return run_with_hidden(input, hx);
}

std::shared_ptr<Module> RNN::clone() const {
  return fill_clone(std::make_shared<RNN>(options_));
}

}  // namespace xgrad::nn
