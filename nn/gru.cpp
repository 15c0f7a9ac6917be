#include "xgrad/nn/gru.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"
#include "xgrad/nn/functional.hpp"

namespace xgrad::nn {

GRU::GRU(int64_t input_size, int64_t hidden_size, int64_t num_layers, bool bias, bool batch_first)
    : GRU(GRUOptions(input_size, hidden_size).num_layers(num_layers).bias(bias).batch_first(batch_first)) {}

GRU::GRU(const GRUOptions& options) : Module("GRU"), options_(options) {
  if (options.num_layers() < 1) {
    throw std::invalid_argument("num_layers must be greater than or equal to 1, got " +
                                std::to_string(options.num_layers()));
  }
  const int64_t hidden = options.hidden_size();
  for (int64_t k = 0; k < options.num_layers(); ++k) {
    const std::string suffix = "_l" + std::to_string(k);
    const int64_t layer_input = k == 0 ? options.input_size() : hidden;
    Layer layer;
    layer.weight_ih = register_parameter("weight_ih" + suffix, empty({3 * hidden, layer_input}, options.dtype()));
    layer.weight_hh = register_parameter("weight_hh" + suffix, empty({3 * hidden, hidden}, options.dtype()));
    if (options.bias()) {
      layer.bias_ih = register_parameter("bias_ih" + suffix, empty({3 * hidden}, options.dtype()));
      layer.bias_hh = register_parameter("bias_hh" + suffix, empty({3 * hidden}, options.dtype()));
    }
    layers_.push_back(layer);
  }
  const double bound = hidden > 0 ? 1.0 / std::sqrt(static_cast<double>(hidden)) : 0.0;
  NoGradGuard no_grad;
  for (Tensor& p : parameters()) p.uniform_(-bound, bound);
}

const GRU::Layer& GRU::checked_layer(int64_t layer) const {
  if (layer < 0 || layer >= options_.num_layers()) {
    throw std::out_of_range("GRU: layer " + std::to_string(layer) +
                            " is out of range for a GRU of " +
                            std::to_string(options_.num_layers()) + " layers");
  }
  return layers_[static_cast<size_t>(layer)];
}

void GRU::check_inputs(const Tensor& input, const Tensor& hx) const {
  if (input.dim() != 2 && input.dim() != 3) {
    throw std::invalid_argument("GRU: Expected input to be 2D or 3D, got " + std::to_string(input.dim()) +
                                "D instead");
  }
  const bool batched = input.dim() == 3;
  if (hx.defined() && hx.dim() != input.dim()) {
    throw std::invalid_argument(std::string(batched ? "For batched 3-D input, hx should also be 3-D"
                                                    : "For unbatched 2-D input, hx should also be 2-D") +
                                " but got " + std::to_string(hx.dim()) + "-D tensor");
  }
  const Dtype expected = layers_[0].weight_ih.dtype();
  if (input.dtype() != expected || (hx.defined() && hx.dtype() != expected)) {
    throw std::invalid_argument(std::string("GRU: expected input and hx to have the parameters' dtype (") +
                                dtype_name(expected) + "), got input " + dtype_name(input.dtype()) +
                                (hx.defined() ? std::string(" and hx ") + dtype_name(hx.dtype()) : ""));
  }
  if (input.size(-1) != options_.input_size()) {
    throw std::invalid_argument("input.size(-1) must be equal to input_size. Expected " +
                                std::to_string(options_.input_size()) + ", got " + std::to_string(input.size(-1)));
  }
  const int64_t steps = input.size(batched && options_.batch_first() ? 1 : 0);
  if (steps == 0) throw std::invalid_argument("Expected sequence length to be larger than 0 in RNN");
  if (!hx.defined()) return;
  std::vector<int64_t> expected_hidden{options_.num_layers()};
  if (batched) expected_hidden.push_back(input.size(options_.batch_first() ? 0 : 1));
  expected_hidden.push_back(options_.hidden_size());
  if (hx.sizes().vec() != expected_hidden) {
    throw std::invalid_argument("Expected hidden size " + to_string(expected_hidden) + ", got " +
                                to_string(hx.sizes()));
  }
}

std::tuple<Tensor, Tensor> GRU::forward(const Tensor& input, const Tensor& hx) const {
  check_inputs(input, hx);
  const bool batched = input.dim() == 3;
  // Work in (L, N, features).
  Tensor layer_input = !batched ? input.unsqueeze(1) : options_.batch_first() ? input.transpose(0, 1) : input;
  const int64_t steps = layer_input.size(0), batch = layer_input.size(1);
  const Tensor h0 = !hx.defined() ? zeros({options_.num_layers(), batch, options_.hidden_size()}, input.dtype())
                    : batched     ? hx
                                  : hx.unsqueeze(1);
  const std::vector<Tensor> initial = h0.unbind(0);
  std::vector<Tensor> last_hidden;
  for (size_t k = 0; k < layers_.size(); ++k) {
    const Layer& layer = layers_[k];
    // One gemm computes the input gates of every step.
    // unbind: one node for all steps, so backward costs O(steps), not O(steps^2).
    const std::vector<Tensor> input_gates = linear(layer_input, layer.weight_ih, layer.bias_ih).unbind(0);
    Tensor h = initial[k];
    std::vector<Tensor> outputs;
    outputs.reserve(static_cast<size_t>(steps));
    for (int64_t t = 0; t < steps; ++t) {
      h = functional::gru_gates(input_gates[static_cast<size_t>(t)], linear(h, layer.weight_hh, layer.bias_hh), h);
      outputs.push_back(h);
    }
    layer_input = stack(outputs, 0);
    last_hidden.push_back(h);
  }
  Tensor output = !batched ? layer_input.squeeze(1) : options_.batch_first() ? layer_input.transpose(0, 1) : layer_input;
  Tensor h_n = stack(last_hidden, 0);
  if (!batched) h_n = h_n.squeeze(1);
  return {output, h_n};
}

void GRU::pretty_print(std::ostream& os) const {
  os << "GRU(" << options_.input_size() << ", " << options_.hidden_size();
  if (options_.num_layers() != 1) os << ", num_layers=" << options_.num_layers();
  if (!options_.bias()) os << ", bias=false";
  if (options_.batch_first()) os << ", batch_first=true";
  os << ')';
}

}  // namespace xgrad::nn
