#include "xgrad/nn/rnn_base.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/factories.hpp"

namespace xgrad::nn::detail {

namespace {

void init_uniform(const std::vector<Tensor>& parameters, int64_t hidden_size) {
  const double bound = hidden_size > 0 ? 1.0 / std::sqrt(static_cast<double>(hidden_size)) : 0.0;
  NoGradGuard no_grad;
  for (Tensor p : parameters) p.uniform_(-bound, bound);
}

// "3*hidden_size"; "hidden_size" for one gate.
std::string gate_rows(int64_t gates) {
  return gates == 1 ? "hidden_size" : std::to_string(gates) + "*hidden_size";
}

}  // namespace

RNNCellImplBase::RNNCellImplBase(std::string name, const RNNCellOptionsBase& options)
    : Module(std::move(name)), options_base_(options) {
  const int64_t rows = options.gates() * options.hidden_size();
  const TensorOptions tensor_options = TensorOptions(options.dtype()).device(options.device());
  weight_ih = register_parameter("weight_ih", empty({rows, options.input_size()}, tensor_options));
  weight_hh = register_parameter("weight_hh", empty({rows, options.hidden_size()}, tensor_options));
  if (options.bias()) {
    bias_ih = register_parameter("bias_ih", empty({rows}, tensor_options));
    bias_hh = register_parameter("bias_hh", empty({rows}, tensor_options));
  }
  reset_parameters();
}

void RNNCellImplBase::reset_parameters() {
  init_uniform(parameters(), options_base_.hidden_size());
}

void RNNCellImplBase::pretty_print(std::ostream& os) const {
  os << name() << '(' << options_base_.input_size() << ", " << options_base_.hidden_size();
  if (!options_base_.bias()) os << ", bias=false";
  os << ')';
}

void check_rnn_cell_forward(const char* module, const char* function, int64_t gates,
                            const Tensor& input, const Tensor& hx, const Tensor& weight_ih,
                            const Tensor& weight_hh) {
  XGRAD_CHECK(input.dim() == 1 || input.dim() == 2, std::invalid_argument, module,
              ": Expected input to be 1D or 2D, got ", input.dim(), "D instead");
  XGRAD_CHECK(!hx.defined() || hx.dim() == 1 || hx.dim() == 2, std::invalid_argument, module,
              ": Expected hidden to be 1D or 2D, got ", hx.dim(), "D instead");
  XGRAD_CHECK(!hx.defined() || hx.dim() == input.dim(), std::invalid_argument, module,
              ": Expected input and hidden to be both batched (2D) or both unbatched (1D), got "
              "input ",
              input.dim(), "D and hidden ", hx.dim(), "D");
  const bool weights_fit = weight_ih.dim() == 2 && weight_hh.dim() == 2 &&
                           weight_ih.size(0) == weight_hh.size(0) &&
                           weight_hh.size(0) == gates * weight_hh.size(1);
  XGRAD_CHECK(weights_fit, std::invalid_argument, function, "(): expected weight_ih of shape (",
              gate_rows(gates), ", input_size) and weight_hh of shape (", gate_rows(gates),
              ", hidden_size); got ", weight_ih.sizes(), " and ", weight_hh.sizes());
  const Dtype expected = weight_ih.dtype();
  XGRAD_CHECK(input.dtype() == expected && (!hx.defined() || hx.dtype() == expected),
              std::invalid_argument, module,
              ": expected input and hidden to have the parameters' dtype (", dtype_name(expected),
              "), got input ", dtype_name(input.dtype()),
              hx.defined() ? std::string(" and hidden ") + dtype_name(hx.dtype()) : "");
  const int64_t input_size = weight_ih.size(1), hidden_size = weight_hh.size(1);
  XGRAD_CHECK(input.size(-1) == input_size, std::invalid_argument,
              "input has inconsistent input_size: got ", input.size(-1), " expected ", input_size);
  if (!hx.defined()) return;
  XGRAD_CHECK(input.dim() != 2 || input.size(0) == hx.size(0), std::invalid_argument,
              "Input batch size ", input.size(0), " doesn't match hidden0 batch size ", hx.size(0));
  XGRAD_CHECK(hx.size(-1) == hidden_size, std::invalid_argument,
              "hidden0 has inconsistent hidden_size: got ", hx.size(-1), ", expected ",
              hidden_size);
}

RNNImplBase::RNNImplBase(std::string name, const RNNOptionsBase& options)
    : Module(std::move(name)), options_base_(options) {
  XGRAD_CHECK(options.num_layers() >= 1, std::invalid_argument,
              "num_layers must be greater than or equal to 1, got ", options.num_layers());
  const int64_t hidden = options.hidden_size(), rows = options.gates() * hidden;
  const TensorOptions tensor_options = TensorOptions(options.dtype()).device(options.device());
  for (int64_t k = 0; k < options.num_layers(); ++k) {
    const std::string suffix = "_l" + std::to_string(k);
    const int64_t layer_input = k == 0 ? options.input_size() : hidden;
    Layer layer;
    layer.weight_ih =
        register_parameter("weight_ih" + suffix, empty({rows, layer_input}, tensor_options));
    layer.weight_hh =
        register_parameter("weight_hh" + suffix, empty({rows, hidden}, tensor_options));
    if (options.bias()) {
      layer.bias_ih = register_parameter("bias_ih" + suffix, empty({rows}, tensor_options));
      layer.bias_hh = register_parameter("bias_hh" + suffix, empty({rows}, tensor_options));
    }
    layers_.push_back(layer);
  }
  reset_parameters();
}

void RNNImplBase::reset_parameters() {
  init_uniform(parameters(), options_base_.hidden_size());
}

const RNNImplBase::Layer& RNNImplBase::checked_layer(int64_t layer) const {
  XGRAD_CHECK(layer >= 0 && layer < options_base_.num_layers(), std::out_of_range, name(),
              ": layer ", layer, " is out of range for a ", name(), " of ",
              options_base_.num_layers(), " layers");
  return layers_[static_cast<size_t>(layer)];
}

void RNNImplBase::check_forward_args(const Tensor& input, const Tensor& hx) const {
  XGRAD_CHECK(input.dim() == 2 || input.dim() == 3, std::invalid_argument, name(),
              ": Expected input to be 2D or 3D, got ", input.dim(), "D instead");
  const bool batched = input.dim() == 3;
  XGRAD_CHECK(!hx.defined() || hx.dim() == input.dim(), std::invalid_argument,
              batched ? "For batched 3-D input, hx should also be 3-D"
                      : "For unbatched 2-D input, hx should also be 2-D",
              " but got ", hx.dim(), "-D tensor");
  const Dtype expected = layers_[0].weight_ih.dtype();
  XGRAD_CHECK(input.dtype() == expected && (!hx.defined() || hx.dtype() == expected),
              std::invalid_argument, name(),
              ": expected input and hx to have the parameters' dtype (", dtype_name(expected),
              "), got input ", dtype_name(input.dtype()),
              hx.defined() ? std::string(" and hx ") + dtype_name(hx.dtype()) : "");
  const int64_t input_size = options_base_.input_size();
  XGRAD_CHECK(input.size(-1) == input_size, std::invalid_argument,
              "input.size(-1) must be equal to input_size. Expected ", input_size, ", got ",
              input.size(-1));
  const int64_t steps = input.size(batched && options_base_.batch_first() ? 1 : 0);
  XGRAD_CHECK(steps != 0, std::invalid_argument,
              "Expected sequence length to be larger than 0 in RNN");
  if (!hx.defined()) return;
  std::vector<int64_t> expected_hidden{options_base_.num_layers()};
  if (batched) expected_hidden.push_back(input.size(options_base_.batch_first() ? 0 : 1));
  expected_hidden.push_back(options_base_.hidden_size());
  XGRAD_CHECK(hx.sizes().vec() == expected_hidden, std::invalid_argument, "Expected hidden size ",
              expected_hidden, ", got ", hx.sizes());
}

void RNNImplBase::pretty_print(std::ostream& os) const {
  os << name() << '(' << options_base_.input_size() << ", " << options_base_.hidden_size();
  if (options_base_.num_layers() != 1) os << ", num_layers=" << options_base_.num_layers();
  if (!options_base_.bias()) os << ", bias=false";
  if (options_base_.batch_first()) os << ", batch_first=true";
  os << ')';
}

}  // namespace xgrad::nn::detail
