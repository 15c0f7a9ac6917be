#pragma once

#include <memory>
#include <mutex>

#include "xgrad/autograd/node.hpp"

namespace xgrad::autograd {

// The node at a leaf that requires grad: adds the incoming gradient into the leaf's .grad, one
// backward pass at a time when several threads run backward through the same leaf.
class AccumulateGrad final : public Node {
 public:
  explicit AccumulateGrad(std::shared_ptr<TensorImpl> leaf);
  const char* name() const override { return "AccumulateGrad"; }
  std::vector<Tensor> apply(std::vector<Tensor> grad_outputs) override;
  const std::shared_ptr<TensorImpl>& leaf() const { return leaf_; }

 private:
  std::shared_ptr<TensorImpl> leaf_;
  std::mutex mutex_;
};

// The leaf's accumulator, made on first use and shared while any graph holds it.
std::shared_ptr<Node> grad_accumulator(const std::shared_ptr<TensorImpl>& leaf);

// Adds `grad` into `target`'s .grad: stores it (stealing the buffer when nobody else holds it)
// when .grad is undefined, adds in place otherwise, or out of place while grad mode is on.
void accumulate_into_grad(const std::shared_ptr<TensorImpl>& target, Tensor grad);

}  // namespace xgrad::autograd
