#pragma once

#include <cstdint>
#include <memory>
#include <tuple>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"
#include "xgrad/nn/rnn_base.hpp"

namespace xgrad::nn {

class GRUOptions {
 public:
  GRUOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(int64_t, num_layers) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(bool, batch_first) = false;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// A multi-layer GRU over whole sequences, as torch.nn.GRU
// (https://pytorch.org/docs/1.13/generated/torch.nn.GRU.html), unidirectional and without
// dropout: layer k runs GRUCell's step over its input sequence (the GRU's input for k = 0, layer
// k-1's outputs above). Parameters: weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}
// for each layer k, shaped and initialized as detail::RNNImplBase says.
class GRU : public detail::RNNImplBase {
 public:
  GRU(int64_t input_size, int64_t hidden_size, int64_t num_layers = 1, bool bias = true,
      bool batch_first = false);
  explicit GRU(const GRUOptions& options);

  // input (L, N, input_size), (N, L, input_size) with batch_first, or unbatched (L, input_size);
  // hx (num_layers, N, hidden_size) or (num_layers, hidden_size), zeros when undefined.
  // Returns (output: the last layer's h for every step, h_n: every layer's last h).
  std::tuple<Tensor, Tensor> forward(const Tensor& input, const Tensor& hx = Tensor()) const;
  std::tuple<Tensor, Tensor> operator()(const Tensor& input, const Tensor& hx = Tensor()) const {
    return forward(input, hx);
  }
  std::shared_ptr<Module> clone() const override;
  const GRUOptions& options() const { return options_; }

 private:
  GRUOptions options_;
};

}  // namespace xgrad::nn
