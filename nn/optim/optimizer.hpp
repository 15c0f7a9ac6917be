#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::optim {

// The base of every optimizer, as torch::optim::Optimizer: it holds handles to the parameters
// it updates (the same tensors as the model's, so an update is seen by the model) and leaves
// per-parameter state to the derived class.
class Optimizer {
 public:
  // Throws std::invalid_argument for an empty list ("optimizer got an empty parameter list"),
  // an undefined tensor, or a non-leaf ("can't optimize a non-leaf Tensor"). A leaf that does
  // not require grad is accepted, as in PyTorch: it never has a gradient, so it is never
  // updated.
  explicit Optimizer(std::vector<Tensor> params);
  virtual ~Optimizer() = default;
  // Not copyable: a copy would share its state tensors (momentum buffers) with the original.
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;
  Optimizer(Optimizer&&) = default;
  Optimizer& operator=(Optimizer&&) = default;

  // One update of every parameter that has a gradient.
  virtual void step() = 0;
  // Drops every parameter's gradient (set_to_none, PyTorch's default) or fills it with zeros.
  void zero_grad(bool set_to_none = true);

  const std::vector<Tensor>& parameters() const { return params_; }

 protected:
  std::vector<Tensor> params_;
};

}  // namespace xgrad::optim
