#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class GRUOptions {
 public:
  GRUOptions(int64_t input_size, int64_t hidden_size) : input_size_(input_size), hidden_size_(hidden_size) {}
  XGRAD_ARG(int64_t, input_size);
  XGRAD_ARG(int64_t, hidden_size);
  XGRAD_ARG(int64_t, num_layers) = 1;
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(bool, batch_first) = false;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
};

// A multi-layer GRU over whole sequences, as torch.nn.GRU (unidirectional, no dropout), with
// each step computed as GRUCell computes it. Parameters: weight_ih_l{k}, weight_hh_l{k},
// bias_ih_l{k}, bias_hh_l{k} for each layer k.
class GRU : public Module {
 public:
  GRU(int64_t input_size, int64_t hidden_size, int64_t num_layers = 1, bool bias = true, bool batch_first = false);
  explicit GRU(const GRUOptions& options);

  // input (L, N, input_size), (N, L, input_size) with batch_first, or unbatched (L, input_size);
  // hx (num_layers, N, hidden_size) or (num_layers, hidden_size), zeros when undefined.
  // Returns (output: the last layer's h for every step, h_n: every layer's last h).
  std::tuple<Tensor, Tensor> forward(const Tensor& input, const Tensor& hx = Tensor()) const;
  std::tuple<Tensor, Tensor> operator()(const Tensor& input, const Tensor& hx = Tensor()) const {
    return forward(input, hx);
  }
  void pretty_print(std::ostream& os) const override;
  const GRUOptions& options() const { return options_; }

  // Throw std::out_of_range for a layer the GRU does not have.
  const Tensor& weight_ih(int64_t layer) const { return checked_layer(layer).weight_ih; }
  const Tensor& weight_hh(int64_t layer) const { return checked_layer(layer).weight_hh; }
  const Tensor& bias_ih(int64_t layer) const { return checked_layer(layer).bias_ih; }
  const Tensor& bias_hh(int64_t layer) const { return checked_layer(layer).bias_hh; }

 private:
  struct Layer {
    Tensor weight_ih, weight_hh, bias_ih, bias_hh;
  };
  void check_inputs(const Tensor& input, const Tensor& hx) const;
  const Layer& checked_layer(int64_t layer) const;

  GRUOptions options_;
  std::vector<Layer> layers_;
};

}  // namespace xgrad::nn
