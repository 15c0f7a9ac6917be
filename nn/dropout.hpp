#pragma once

#include <memory>

#include "xgrad/framework/arg.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::nn {

class DropoutOptions {
 public:
  DropoutOptions(double p = 0.5) : p_(p) {}  // NOLINT(google-explicit-constructor), as libtorch's
  XGRAD_ARG(double, p);
};

// Zeroes each element with probability p and scales the others by 1 / (1 - p) while training;
// the identity in eval(), as torch.nn.Dropout
// (https://pytorch.org/docs/1.13/generated/torch.nn.Dropout.html). Never in place.
class Dropout : public Module {
 public:
  explicit Dropout(double p = 0.5);
  explicit Dropout(const DropoutOptions& options);

  Tensor forward(const Tensor& input) const;
  Tensor operator()(const Tensor& input) const { return forward(input); }
  void pretty_print(std::ostream& os) const override;
  std::shared_ptr<Module> clone() const override;
  const DropoutOptions& options() const { return options_; }

 private:
  DropoutOptions options_;
};

}  // namespace xgrad::nn
