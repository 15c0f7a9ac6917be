#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/dtype.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class LayerNormOptions {
 public:
  LayerNormOptions(std::vector<int64_t> normalized_shape)  // NOLINT(google-explicit-constructor)
      : normalized_shape_(std::move(normalized_shape)) {}
  XGRAD_ARG(std::vector<int64_t>, normalized_shape);
  XGRAD_ARG(double, eps) = 1e-5;
  XGRAD_ARG(bool, elementwise_affine) = true;
  XGRAD_ARG(Dtype, dtype) = get_default_dtype();
  XGRAD_ARG(Device, device);
};

// Layer normalization over the last normalized_shape dims, as torch.nn.LayerNorm
// (https://pytorch.org/docs/1.13/generated/torch.nn.LayerNorm.html): weight starts at ones and
// bias at zeros, both of normalized_shape, when elementwise_affine.
class LayerNorm : public Module {
 public:
  explicit LayerNorm(const LayerNormOptions& options);

  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }
  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;
  const LayerNormOptions& options() const { return options_; }

  Tensor weight;  // normalized_shape, undefined without elementwise_affine
  Tensor bias;    // normalized_shape, undefined without elementwise_affine

 private:
  LayerNormOptions options_;
};

}  // namespace xgrad::nn
