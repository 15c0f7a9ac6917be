#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/module.hpp"
#include "xgrad/nn/rnn_mode.hpp"
#include "xgrad/nn/rnn_sequence.hpp"
#include "xgrad/nn/utils/rnn.hpp"

// What the recurrent modules share, as libtorch's RNNCellImplBase and RNNImplBase
// (torch/csrc/api/include/torch/nn/modules/rnn.h): their parameters, with PyTorch's names and
// shapes, PyTorch's initialization, the checks of their inputs, the sequence driver and their
// printing. A module differs from another by its RNNMode: the number of gates stacked in its
// weights (3 for GRU, 4 for LSTM, 1 for a plain RNN) and the step between them.
namespace xgrad::nn::detail {

class RNNCellOptionsBase {
 public:
  RNNCellOptionsBase(RNNMode mode, int64_t input_size, int64_t hidden_size)
      : mode_(mode), input_size_(input_size), hidden_size_(hidden_size) {}
  // The options a cell's own options class (GRUCellOptions, ...) holds.
  template <typename Options>
  static RNNCellOptionsBase of(RNNMode mode, const Options& options) {
    return RNNCellOptionsBase(mode, options.input_size(), options.hidden_size())
        .bias(options.bias())
        .dtype(options.dtype())
        .device(options.device());
  }
  XGRAD_ARG(RNNMode, mode);
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// One step of a recurrent cell: weight_ih (gates*hidden_size, input_size), weight_hh
// (gates*hidden_size, hidden_size), and with bias bias_ih and bias_hh (gates*hidden_size), each
// the gates' rows stacked in order.
class RNNCellImplBase : public Module {
 public:
  // U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) for every parameter, in registration order,
  // as PyTorch's reset_parameters.
  void reset_parameters();
  // "GRUCell(10, 20)", ", bias=false" when without bias, ", nonlinearity=relu" for a ReLU RNN.
  void pretty_print(std::ostream& os) const override;
  const RNNCellOptionsBase& options_base() const { return options_base_; }

  Tensor weight_ih;
  Tensor weight_hh;
  Tensor bias_ih;  // undefined without bias
  Tensor bias_hh;  // undefined without bias

 protected:
  // Registers the parameters and initializes them. Throws std::invalid_argument for a negative
  // size or a device other than the CPU.
  RNNCellImplBase(std::string name, const RNNCellOptionsBase& options);

 private:
  RNNCellOptionsBase options_base_;
};

// The functional form of every cell: checks its arguments in PyTorch's words
// (std::invalid_argument; std::logic_error for an undefined input or weight), then runs one
// rnn_step of input and state: input (N, input_size) or unbatched (input_size); state empty (zeros)
// or h, or an LSTM's h and c, each (N, hidden_size) or unbatched (hidden_size). `module` and
// `function` name the module ("GRUCell") and the functional form ("gru_cell") in the messages.
std::vector<Tensor> rnn_cell(RNNMode mode, const char* module, const char* function,
                             const Tensor& input, const std::vector<Tensor>& state,
                             const Tensor& w_ih, const Tensor& w_hh, const Tensor& b_ih,
                             const Tensor& b_hh);

// The state of a module with one state tensor: {hx}, or none when hx is undefined.
inline std::vector<Tensor> single_state(const Tensor& hx) {
  return hx.defined() ? std::vector<Tensor>{hx} : std::vector<Tensor>{};
}

class RNNOptionsBase {
 public:
  RNNOptionsBase(RNNMode mode, int64_t input_size, int64_t hidden_size)
      : mode_(mode), input_size_(input_size), hidden_size_(hidden_size) {}
  // The options a module's own options class (GRUOptions, ...) holds.
  template <typename Options>
  static RNNOptionsBase of(RNNMode mode, const Options& options) {
    return RNNOptionsBase(mode, options.input_size(), options.hidden_size())
        .num_layers(options.num_layers())
        .bias(options.bias())
        .batch_first(options.batch_first())
        .dropout(options.dropout())
        .bidirectional(options.bidirectional())
        .dtype(options.dtype())
        .device(options.device());
  }
  XGRAD_ARG(RNNMode, mode);
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(int64_t, num_layers) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(bool, batch_first) = false;
  XGRAD_ARG(double, dropout) = 0.0;
  XGRAD_ARG(bool, bidirectional) = false;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A stack of num_layers recurrent layers over whole sequences, in one or two directions. Layer k
// has weight_ih_l{k} (gates*hidden_size, input_size for k = 0, directions*hidden_size above),
// weight_hh_l{k} (gates*hidden_size, hidden_size), and with bias bias_ih_l{k} and bias_hh_l{k}
// (gates*hidden_size); a bidirectional stack has the same again as weight_ih_l{k}_reverse, ...
// after each layer's forward direction. Registered in that order, as PyTorch's.
class RNNImplBase : public Module {
 public:
  // U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) for every parameter, in registration order,
  // as PyTorch's reset_parameters.
  void reset_parameters();
  // "GRU(10, 20, num_layers=2, bias=false, batch_first=true, dropout=0.5, bidirectional=true)",
  // each option only when not its default.
  void pretty_print(std::ostream& os) const override;
  const RNNOptionsBase& options_base() const { return options_base_; }

  // Layer `layer`'s parameters in `direction` (1: the reverse one); throw std::out_of_range for
  // a layer or direction the module does not have.
  const Tensor& weight_ih(int64_t layer, int64_t direction = 0) const {
    return checked_layer(layer, direction).weight_ih;
  }
  const Tensor& weight_hh(int64_t layer, int64_t direction = 0) const {
    return checked_layer(layer, direction).weight_hh;
  }
  const Tensor& bias_ih(int64_t layer, int64_t direction = 0) const {
    return checked_layer(layer, direction).bias_ih;
  }
  const Tensor& bias_hh(int64_t layer, int64_t direction = 0) const {
    return checked_layer(layer, direction).bias_hh;
  }

 protected:
  // Registers the parameters and initializes them. Throws std::invalid_argument when
  // num_layers < 1, dropout is outside [0, 1], for a negative size or a device other than the
  // CPU.
  RNNImplBase(std::string name, const RNNOptionsBase& options);

  // The forward of every recurrent module on a padded batch: input (L, N, input_size), (N, L,
  // input_size) with batch_first, or unbatched (L, input_size); state empty (zeros) or
  // state_count(mode) tensors (num_layers * directions, N, hidden_size), or (num_layers *
  // directions, hidden_size) unbatched. Returns the output, shaped as the input with
  // directions * hidden_size features, and the final state. Checks every argument in PyTorch's
  // words (std::invalid_argument; std::logic_error for an undefined tensor).
  std::tuple<Tensor, std::vector<Tensor>> run(const Tensor& input,
                                              const std::vector<Tensor>& state) const;
  // The same on a packed batch; the state's batch is in the caller's order.
  std::tuple<utils::rnn::PackedSequence, std::vector<Tensor>> run(
      const utils::rnn::PackedSequence& input, const std::vector<Tensor>& state) const;
  // run() for a module whose state is one tensor (RNN, GRU): hx undefined means zeros.
  // Returns (output, h_n).
  template <typename Input>
  auto run_with_hidden(const Input& input, const Tensor& hx) const {
    auto [output, state] = run(input, single_state(hx));
    return std::make_tuple(std::move(output), std::move(state[0]));
  }

 private:
  const RNNLayerWeights& checked_layer(int64_t layer, int64_t direction) const;
  int64_t directions() const { return options_base_.bidirectional() ? 2 : 1; }
  // Checks input.size(-1) and the state's shapes against (layers * directions, batch,
  // hidden_size), and the dtypes.
  void check_input_and_state(const Tensor& input, const std::vector<Tensor>& state,
                             int64_t batch) const;
  std::vector<Tensor> zero_state(int64_t batch, Dtype dtype) const;

  RNNOptionsBase options_base_;
  std::vector<RNNLayerWeights> layers_;  // layer k's direction d at k * directions + d
};

}  // namespace xgrad::nn::detail
