#include "xgrad/nn/rnn_base.hpp"

#include <cmath>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/framework/detail/check.hpp"
#include "xgrad/framework/detail/dispatch.hpp"
#include "xgrad/framework/factories.hpp"
#include "xgrad/framework/ops/indexing.hpp"
#include "xgrad/framework/ops/linalg.hpp"
#include "xgrad/framework/ops/shape_ops.hpp"

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

// A shape as Python prints a tuple: "(2, 3, 20)".
std::string python_tuple(const std::vector<int64_t>& sizes) {
  std::ostringstream os;
  os << '(';
  for (size_t i = 0; i < sizes.size(); ++i) os << (i ? ", " : "") << sizes[i];
  os << (sizes.size() == 1 ? ",)" : ")");
  return os.str();
}

// The dimensions of the state's tensors, as PyTorch lists them: "2-D" or "(3-D, 2-D)".
std::string state_ranks(const std::vector<Tensor>& state) {
  if (state.size() == 1) return std::to_string(state[0].dim()) + "-D tensor";
  return "(" + std::to_string(state[0].dim()) + "-D, " + std::to_string(state[1].dim()) +
         "-D) tensors";
}

// Input and state must have the parameters' dtype: "GRU: expected input and hx to have the
// parameters' dtype (float), got input double and hx float".
void check_dtypes(const std::string& module, const char* state_name, const Tensor& input,
                  const std::vector<Tensor>& state, Dtype expected) {
  bool fit = input.dtype() == expected;
  std::string got = dtype_name(input.dtype());
  for (size_t i = 0; i < state.size(); ++i) {
    fit = fit && state[i].dtype() == expected;
    got += (i == 0 ? std::string(" and ") + state_name + " " : std::string(", ")) +
           dtype_name(state[i].dtype());
  }
  XGRAD_CHECK(fit, std::invalid_argument, module, ": expected input and ", state_name,
              " to have the parameters' dtype (", dtype_name(expected), "), got input ", got);
}

void check_rnn_cell_forward(const char* module, const char* function, int64_t gates,
                            const Tensor& input, const std::vector<Tensor>& state,
                            const Tensor& weight_ih, const Tensor& weight_hh) {
  xgrad::detail::check_defined(input, function);
  xgrad::detail::check_defined(weight_ih, function);
  xgrad::detail::check_defined(weight_hh, function);
  for (const Tensor& s : state) xgrad::detail::check_defined(s, function);
  XGRAD_CHECK(input.dim() == 1 || input.dim() == 2, std::invalid_argument, module,
              ": Expected input to be 1-D or 2-D but received ", input.dim(), "-D tensor");
  for (const Tensor& s : state) {
    XGRAD_CHECK(s.dim() == 1 || s.dim() == 2, std::invalid_argument, module,
                ": Expected hidden to be 1-D or 2-D but received ", s.dim(), "-D tensor");
    XGRAD_CHECK(s.dim() == input.dim(), std::invalid_argument, module,
                ": Expected input and hidden to be both batched (2-D) or both unbatched (1-D), "
                "got input ",
                input.dim(), "-D and hidden ", s.dim(), "-D");
  }
  const bool weights_fit = weight_ih.dim() == 2 && weight_hh.dim() == 2 &&
                           weight_ih.size(0) == weight_hh.size(0) &&
                           weight_hh.size(0) == gates * weight_hh.size(1);
  XGRAD_CHECK(weights_fit, std::invalid_argument, function, "(): expected weight_ih of shape (",
              gate_rows(gates), ", input_size) and weight_hh of shape (", gate_rows(gates),
              ", hidden_size); got ", weight_ih.sizes(), " and ", weight_hh.sizes());
  check_dtypes(module, "hidden", input, state, weight_ih.dtype());
  const int64_t input_size = weight_ih.size(1), hidden_size = weight_hh.size(1);
  XGRAD_CHECK(input.size(-1) == input_size, std::invalid_argument,
              "input has inconsistent input_size: got ", input.size(-1), " expected ", input_size);
  for (size_t i = 0; i < state.size(); ++i) {
    const Tensor& s = state[i];
    XGRAD_CHECK(input.dim() != 2 || input.size(0) == s.size(0), std::invalid_argument,
                "Input batch size ", input.size(0), " doesn't match hidden", i, " batch size ",
                s.size(0));
    XGRAD_CHECK(s.size(-1) == hidden_size, std::invalid_argument, "hidden", i,
                " has inconsistent hidden_size: got ", s.size(-1), ", expected ", hidden_size);
  }
}

}  // namespace

RNNCellImplBase::RNNCellImplBase(std::string name, const RNNCellOptionsBase& options)
    : Module(std::move(name)), options_base_(options) {
  const int64_t rows = gate_count(options.mode()) * options.hidden_size();
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
  if (options_base_.mode() == RNNMode::kRNNReLU) os << ", nonlinearity=relu";
  os << ')';
}

std::vector<Tensor> rnn_cell(RNNMode mode, const char* module, const char* function,
                             const Tensor& input, const std::vector<Tensor>& state,
                             const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                             const Tensor& b_hh) {
  check_rnn_cell_forward(module, function, gate_count(mode), input, state, w_ih, w_hh);
  const bool batched = input.dim() == 2;
  const Tensor x = batched ? input : input.unsqueeze(0);
  std::vector<Tensor> s;
  for (size_t i = 0; i < state_count(mode); ++i) {
    s.push_back(state.empty() ? zeros({x.size(0), w_hh.size(1)}, x.dtype())
                : batched     ? state[i]
                              : state[i].unsqueeze(0));
  }
  std::vector<Tensor> next = rnn_step(mode, linear(x, w_ih, b_ih), linear(s[0], w_hh, b_hh), s);
  if (!batched) {
    for (Tensor& n : next) n = n.squeeze(0);
  }
  return next;
}

RNNImplBase::RNNImplBase(std::string name, const RNNOptionsBase& options)
    : Module(std::move(name)), options_base_(options) {
  XGRAD_CHECK(options.num_layers() >= 1, std::invalid_argument,
              "num_layers must be greater than or equal to 1, got ", options.num_layers());
  XGRAD_CHECK(options.dropout() >= 0 && options.dropout() <= 1, std::invalid_argument,
              "dropout should be a number in range [0, 1] representing the probability of an "
              "element being zeroed, got ",
              options.dropout());
  if (options.dropout() > 0 && options.num_layers() == 1) {
    std::cerr << "xgrad warning: dropout option adds dropout after all but last recurrent layer, "
                 "so non-zero dropout expects num_layers greater than 1, but got dropout="
              << options.dropout() << " and num_layers=1\n";
  }
  const int64_t hidden = options.hidden_size(), rows = gate_count(options.mode()) * hidden;
  const TensorOptions tensor_options = TensorOptions(options.dtype()).device(options.device());
  for (int64_t k = 0; k < options.num_layers(); ++k) {
    for (int64_t d = 0; d < directions(); ++d) {
      const std::string suffix = "_l" + std::to_string(k) + (d == 1 ? "_reverse" : "");
      const int64_t layer_input = k == 0 ? options.input_size() : hidden * directions();
      RNNLayerWeights layer;
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
  }
  reset_parameters();
}

void RNNImplBase::reset_parameters() {
  init_uniform(parameters(), options_base_.hidden_size());
}

const RNNLayerWeights& RNNImplBase::checked_layer(int64_t layer, int64_t direction) const {
  XGRAD_CHECK(layer >= 0 && layer < options_base_.num_layers(), std::out_of_range, name(),
              ": layer ", layer, " is out of range for a ", name(), " of ",
              options_base_.num_layers(), " layers");
  XGRAD_CHECK(direction >= 0 && direction < directions(), std::out_of_range, name(), ": direction ",
              direction, " is out of range for a ", name(), " of ", directions(),
              directions() == 1 ? " direction" : " directions");
  return layers_[static_cast<size_t>(layer * directions() + direction)];
}

void RNNImplBase::check_input_and_state(const Tensor& input, const std::vector<Tensor>& state,
                                        int64_t batch) const {
  check_dtypes(name(), "hx", input, state, layers_[0].weight_ih.dtype());
  const int64_t input_size = options_base_.input_size();
  XGRAD_CHECK(input.size(-1) == input_size, std::invalid_argument,
              "input.size(-1) must be equal to input_size. Expected ", input_size, ", got ",
              input.size(-1));
  const std::vector<int64_t> expected_state{options_base_.num_layers() * directions(), batch,
                                            options_base_.hidden_size()};
  for (size_t i = 0; i < state.size(); ++i) {
    const std::string what = state.size() == 1 ? "hidden" : "hidden[" + std::to_string(i) + "]";
    XGRAD_CHECK(state[i].sizes().vec() == expected_state, std::invalid_argument, "Expected ", what,
                " size ", python_tuple(expected_state), ", got ", state[i].sizes());
  }
}

std::vector<Tensor> RNNImplBase::zero_state(int64_t batch, Dtype dtype) const {
  std::vector<Tensor> state;
  for (size_t i = 0; i < state_count(options_base_.mode()); ++i) {
    state.push_back(zeros(
        {options_base_.num_layers() * directions(), batch, options_base_.hidden_size()}, dtype));
  }
  return state;
}

std::tuple<Tensor, std::vector<Tensor>> RNNImplBase::run(const Tensor& input,
                                                         const std::vector<Tensor>& state) const {
  xgrad::detail::check_defined(input, mode_name(options_base_.mode()));
  for (const Tensor& s : state) xgrad::detail::check_defined(s, mode_name(options_base_.mode()));
  XGRAD_CHECK(input.dim() == 2 || input.dim() == 3, std::invalid_argument, name(),
              ": Expected input to be 2D or 3D, got ", input.dim(), "D instead");
  const bool batched = input.dim() == 3;
  bool ranks_fit = true;
  for (const Tensor& s : state) ranks_fit = ranks_fit && s.dim() == input.dim();
  const bool lstm = options_base_.mode() == RNNMode::kLSTM;
  XGRAD_CHECK(ranks_fit, std::invalid_argument,
              batched ? "For batched 3-D input, hx" : "For unbatched 2-D input, hx",
              lstm ? " and cx" : "", " should also be ", batched ? "3-D" : "2-D", " but got ",
              state_ranks(state));
  // Work in (L, N, features).
  const Tensor x = !batched                      ? input.unsqueeze(1)
                   : options_base_.batch_first() ? input.transpose(0, 1)
                                                 : input;
  std::vector<Tensor> initial;
  for (const Tensor& s : state) initial.push_back(batched ? s : s.unsqueeze(1));
  const int64_t steps = x.size(0), batch = x.size(1);
  check_input_and_state(x, initial, batch);
  XGRAD_CHECK(steps != 0, std::invalid_argument,
              "Expected sequence length to be larger than 0 in RNN");
  if (initial.empty()) initial = zero_state(batch, x.dtype());
  RNNSequenceResult r =
      run_rnn_layers(options_base_.mode(), layers_, options_base_.num_layers(),
                     options_base_.bidirectional(), x.reshape({steps * batch, x.size(2)}),
                     std::vector<int64_t>(static_cast<size_t>(steps), batch), initial,
                     options_base_.dropout(), is_training());
  Tensor output = r.data.reshape({steps, batch, r.data.size(1)});
  output = !batched                      ? output.squeeze(1)
           : options_base_.batch_first() ? output.transpose(0, 1)
                                         : output;
  if (!batched) {
    for (Tensor& s : r.state) s = s.squeeze(1);
  }
  return {output, r.state};
}

std::tuple<utils::rnn::PackedSequence, std::vector<Tensor>> RNNImplBase::run(
    const utils::rnn::PackedSequence& input, const std::vector<Tensor>& state) const {
  const Tensor& data = input.data();
  xgrad::detail::check_defined(data, mode_name(options_base_.mode()));
  for (const Tensor& s : state) xgrad::detail::check_defined(s, mode_name(options_base_.mode()));
  XGRAD_CHECK(data.dim() == 2, std::invalid_argument, "input must have 2 dimensions, got ",
              data.dim());
  const std::vector<int64_t> batch_sizes = input.batch_size_list();
  const int64_t batch = batch_sizes[0];
  check_input_and_state(data, state, batch);
  std::vector<Tensor> initial;
  for (const Tensor& s : state) {
    initial.push_back(input.sorted_indices().defined() ? index_select(s, 1, input.sorted_indices())
                                                       : s);
  }
  if (initial.empty()) initial = zero_state(batch, data.dtype());
  RNNSequenceResult r = run_rnn_layers(options_base_.mode(), layers_, options_base_.num_layers(),
                                       options_base_.bidirectional(), data, batch_sizes, initial,
                                       options_base_.dropout(), is_training());
  if (input.unsorted_indices().defined()) {
    for (Tensor& s : r.state) s = index_select(s, 1, input.unsorted_indices());
  }
  return {utils::rnn::PackedSequence(r.data, input.batch_sizes(), input.sorted_indices(),
                                     input.unsorted_indices()),
          r.state};
}

void RNNImplBase::pretty_print(std::ostream& os) const {
  os << name() << '(' << options_base_.input_size() << ", " << options_base_.hidden_size();
  if (options_base_.num_layers() != 1) os << ", num_layers=" << options_base_.num_layers();
  if (!options_base_.bias()) os << ", bias=false";
  if (options_base_.batch_first()) os << ", batch_first=true";
  if (options_base_.dropout() != 0) os << ", dropout=" << options_base_.dropout();
  if (options_base_.bidirectional()) os << ", bidirectional=true";
  os << ')';
}

}  // namespace xgrad::nn::detail
