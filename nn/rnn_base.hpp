#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/module.hpp"

// What the recurrent modules share, as libtorch's RNNCellImplBase and RNNImplBase
// (torch/csrc/api/include/torch/nn/modules/rnn.h): their parameters, with PyTorch's names and
// shapes, PyTorch's initialization, the checks of their inputs and their printing. A module
// differs from another by the number of gates stacked in its weights: 3 for GRU (r, z, n), 4
// for LSTM (i, f, g, o), 1 for a plain RNN.
namespace xgrad::nn::detail {

class RNNCellOptionsBase {
 public:
  RNNCellOptionsBase(int64_t gates, int64_t input_size, int64_t hidden_size)
      : gates_(gates), input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, gates);
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
  // "GRUCell(10, 20)", ", bias=false" when without bias.
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

// Checks the arguments of a cell's forward (the module's or the functional form's), in
// PyTorch's words: input 1-D or 2-D ("GRUCell: Expected input to be 1D or 2D, got 3D
// instead"), hx of input's rank, input and hx of the weights' dtype, weights of shape
// (gates*hidden_size, input_size) and (gates*hidden_size, hidden_size) ("gru_cell(): expected
// weight_ih of shape ..."), input.size(-1) == input_size ("input has inconsistent input_size:
// got 7 expected 10"), hx of input's batch and of hidden_size. `module` and `function` name
// the module ("GRUCell") and the functional form ("gru_cell") in the messages. Throws
// std::invalid_argument; an undefined input or weight throws std::logic_error.
void check_rnn_cell_forward(const char* module, const char* function, int64_t gates,
                            const Tensor& input, const Tensor& hx, const Tensor& weight_ih,
                            const Tensor& weight_hh);

class RNNOptionsBase {
 public:
  RNNOptionsBase(int64_t gates, int64_t input_size, int64_t hidden_size)
      : gates_(gates), input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, gates);
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(int64_t, num_layers) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(bool, batch_first) = false;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
  // dropout and bidirectional come here with the sequence driver that implements them.
};

// A stack of num_layers recurrent layers over whole sequences. Layer k has weight_ih_l{k}
// (gates*hidden_size, input_size for k = 0, hidden_size above), weight_hh_l{k}
// (gates*hidden_size, hidden_size), and with bias bias_ih_l{k} and bias_hh_l{k}
// (gates*hidden_size), registered in that order, layer after layer, as PyTorch's.
class RNNImplBase : public Module {
 public:
  // U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) for every parameter, in registration order,
  // as PyTorch's reset_parameters.
  void reset_parameters();
  // "GRU(10, 20, num_layers=2, bias=false, batch_first=true)", each option only when not its
  // default.
  void pretty_print(std::ostream& os) const override;
  const RNNOptionsBase& options_base() const { return options_base_; }

  // Layer `layer`'s parameters; throw std::out_of_range for a layer the module does not have.
  const Tensor& weight_ih(int64_t layer) const { return checked_layer(layer).weight_ih; }
  const Tensor& weight_hh(int64_t layer) const { return checked_layer(layer).weight_hh; }
  const Tensor& bias_ih(int64_t layer) const { return checked_layer(layer).bias_ih; }
  const Tensor& bias_hh(int64_t layer) const { return checked_layer(layer).bias_hh; }

 protected:
  struct Layer {
    Tensor weight_ih, weight_hh, bias_ih, bias_hh;
  };

  // Registers the parameters and initializes them. Throws std::invalid_argument when
  // num_layers < 1, for a negative size or a device other than the CPU.
  RNNImplBase(std::string name, const RNNOptionsBase& options);

  // Checks the arguments of forward as PyTorch's RNNBase: input 2-D (unbatched) or 3-D, hx
  // (when defined) of input's rank, input and hx of the parameters' dtype, input.size(-1) ==
  // input_size, a sequence of at least one step, hx of shape (num_layers, batch, hidden_size)
  // or (num_layers, hidden_size). Throws std::invalid_argument in PyTorch's words ("Expected
  // hidden size [2, 3, 20], got [1, 3, 20]"); an undefined input throws std::logic_error.
  void check_forward_args(const Tensor& input, const Tensor& hx) const;
  const std::vector<Layer>& layers() const { return layers_; }

 private:
  const Layer& checked_layer(int64_t layer) const;

  RNNOptionsBase options_base_;
  std::vector<Layer> layers_;
};

}  // namespace xgrad::nn::detail
