#include "xgrad/nn/gru.hpp"

#include <memory>
#include <vector>

#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

GRU::GRU(int64_t input_size, int64_t hidden_size, int64_t num_layers, bool bias, bool batch_first)
    : GRU(GRUOptions(input_size, hidden_size)
              .num_layers(num_layers)
              .bias(bias)
              .batch_first(batch_first)) {}

GRU::GRU(const GRUOptions& options)
    : RNNImplBase("GRU", detail::RNNOptionsBase(3, options.input_size(), options.hidden_size())
                             .num_layers(options.num_layers())
                             .bias(options.bias())
                             .batch_first(options.batch_first())
                             .dtype(options.dtype())
                             .device(options.device())),
      options_(options) {}

std::tuple<Tensor, Tensor> GRU::forward(const Tensor& input, const Tensor& hx) const {
  check_forward_args(input, hx);
  const bool batched = input.dim() == 3;
  // Work in (L, N, features).
  Tensor layer_input = !batched                 ? input.unsqueeze(1)
                       : options_.batch_first() ? input.transpose(0, 1)
                                                : input;
  const int64_t steps = layer_input.size(0), batch = layer_input.size(1);
  const Tensor h0 =
      !hx.defined() ? zeros({options_.num_layers(), batch, options_.hidden_size()}, input.dtype())
      : batched     ? hx
                    : hx.unsqueeze(1);
  const std::vector<Tensor> initial = h0.unbind(0);
  std::vector<Tensor> last_hidden;
  for (size_t k = 0; k < layers().size(); ++k) {
    const Layer& layer = layers()[k];
    // One gemm computes the input gates of every step.
    // unbind: one node for all steps, so backward costs O(steps), not O(steps^2).
    const std::vector<Tensor> input_gates =
        linear(layer_input, layer.weight_ih, layer.bias_ih).unbind(0);
    Tensor h = initial[k];
    std::vector<Tensor> outputs;
    outputs.reserve(static_cast<size_t>(steps));
    for (int64_t t = 0; t < steps; ++t) {
      h = functional::gru_gates(input_gates[static_cast<size_t>(t)],
                                linear(h, layer.weight_hh, layer.bias_hh), h);
      outputs.push_back(h);
    }
    layer_input = stack(outputs, 0);
    last_hidden.push_back(h);
  }
  Tensor output = !batched                 ? layer_input.squeeze(1)
                  : options_.batch_first() ? layer_input.transpose(0, 1)
                                           : layer_input;
  Tensor h_n = stack(last_hidden, 0);
  if (!batched) h_n = h_n.squeeze(1);
  return {output, h_n};
}

std::shared_ptr<Module> GRU::clone() const {
  return fill_clone(std::make_shared<GRU>(options_));
}

}  // namespace xgrad::nn
