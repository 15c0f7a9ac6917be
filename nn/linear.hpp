#pragma once

#include <cstdint>

#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class LinearOptions {
 public:
  LinearOptions(int64_t in_features, int64_t out_features) : in_(in_features), out_(out_features) {}
  LinearOptions& bias(bool bias) {
    bias_ = bias;
    return *this;
  }
  LinearOptions& dtype(Dtype dtype) {
    dtype_ = dtype;
    return *this;
  }
  LinearOptions& device(const Device& device) {
    device_ = device;
    return *this;
  }
  int64_t in_features() const { return in_; }
  int64_t out_features() const { return out_; }
  bool bias() const { return bias_; }
  Dtype dtype() const { return dtype_; }
  Device device() const { return device_; }

 private:
  int64_t in_, out_;
  bool bias_ = true;
  Dtype dtype_ = get_default_dtype();
  Device device_;
};

// y = x W^T + b, as torch.nn.Linear; W and b start from U(-1/sqrt(in), 1/sqrt(in)).
class Linear : public Module {
 public:
  Linear(int64_t in_features, int64_t out_features, bool bias = true, Device device = Device("cpu"),
         Dtype dtype = get_default_dtype());
  explicit Linear(const LinearOptions& options);

  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }
  void pretty_print(std::ostream& os) const override;
  const LinearOptions& options() const { return options_; }

  Tensor weight;  // (out_features, in_features)
  Tensor bias;    // (out_features), undefined without bias

 private:
  LinearOptions options_;
};

}  // namespace xgrad::nn
