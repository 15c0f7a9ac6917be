#include "xgrad/nn/gru.hpp"

#include <memory>

namespace xgrad::nn {

GRU::GRU(int64_t input_size, int64_t hidden_size, int64_t num_layers, bool bias, bool batch_first)
    : GRU(GRUOptions(input_size, hidden_size)
              .num_layers(num_layers)
              .bias(bias)
              .batch_first(batch_first)) {}

GRU::GRU(const GRUOptions& options)
    : RNNImplBase("GRU", detail::RNNOptionsBase::of(detail::RNNMode::kGRU, options)),
      options_(options) {}

std::tuple<Tensor, Tensor> GRU::forward(const Tensor& input, const Tensor& hx) const {
  return run_with_hidden(input, hx);
}

std::tuple<utils::rnn::PackedSequence, Tensor> GRU::forward(const utils::rnn::PackedSequence& input,
                                                            const Tensor& hx) const {
  return run_with_hidden(input, hx);
}

std::shared_ptr<Module> GRU::clone() const {
  return fill_clone(std::make_shared<GRU>(options_));
}

}  // namespace xgrad::nn
