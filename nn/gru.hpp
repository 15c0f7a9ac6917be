#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class GRUOptions {
 public:
  GRUOptions(int64_t input_size, int64_t hidden_size) : input_size_(input_size), hidden_size_(hidden_size) {}
  GRUOptions& num_layers(int64_t num_layers) {
    num_layers_ = num_layers;
    return *this;
  }
  GRUOptions& bias(bool bias) {
    bias_ = bias;
    return *this;
  }
  GRUOptions& batch_first(bool batch_first) {
    batch_first_ = batch_first;
    return *this;
  }
  GRUOptions& dtype(Dtype dtype) {
    dtype_ = dtype;
    return *this;
  }
  int64_t input_size() const { return input_size_; }
  int64_t hidden_size() const { return hidden_size_; }
  int64_t num_layers() const { return num_layers_; }
  bool bias() const { return bias_; }
  bool batch_first() const { return batch_first_; }
  Dtype dtype() const { return dtype_; }

 private:
  int64_t input_size_, hidden_size_;
  int64_t num_layers_ = 1;
  bool bias_ = true;
  bool batch_first_ = false;
  Dtype dtype_ = get_default_dtype();
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

  const Tensor& weight_ih(int64_t layer) const { return layers_.at(static_cast<size_t>(layer)).weight_ih; }
  const Tensor& weight_hh(int64_t layer) const { return layers_.at(static_cast<size_t>(layer)).weight_hh; }
  const Tensor& bias_ih(int64_t layer) const { return layers_.at(static_cast<size_t>(layer)).bias_ih; }
  const Tensor& bias_hh(int64_t layer) const { return layers_.at(static_cast<size_t>(layer)).bias_hh; }

 private:
  struct Layer {
    Tensor weight_ih, weight_hh, bias_ih, bias_hh;
  };
  void check_inputs(const Tensor& input, const Tensor& hx) const;

  GRUOptions options_;
  std::vector<Layer> layers_;
};

}  // namespace xgrad::nn
