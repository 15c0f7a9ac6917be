#pragma once

#include <cstdint>
#include <memory>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class LinearOptions {
 public:
  LinearOptions(int64_t in_features, int64_t out_features)
      : in_features_(in_features), out_features_(out_features) {}
  XGRAD_ARG(int64_t, in_features);
  XGRAD_ARG(int64_t, out_features);
  XGRAD_ARG(bool, bias) = true;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
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
  std::shared_ptr<Module> clone() const override;
  const LinearOptions& options() const { return options_; }

  Tensor weight;  // (out_features, in_features)
  Tensor bias;    // (out_features), undefined without bias

 private:
  LinearOptions options_;
};

}  // namespace xgrad::nn
