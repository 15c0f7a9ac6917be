#pragma once

#include <cstdint>
#include <memory>

#include "xgrad/framework/storage.hpp"

namespace xgrad {
namespace autograd {
class Node;
}

// The shared state behind a Tensor handle. A tensor made by a differentiable op points to the
// node that made it (grad_fn); that node never points back, so the graph holds no cycles.
class TensorImpl {
 public:
  explicit TensorImpl(std::shared_ptr<Storage> storage);
  ~TensorImpl();
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  std::shared_ptr<Storage> storage;
  std::shared_ptr<autograd::Node> grad_fn;
  uint32_t output_nr = 0;                          // which output of grad_fn this tensor is
  std::weak_ptr<autograd::Node> grad_accumulator;  // leaves only, made on first use
  std::shared_ptr<TensorImpl> grad;
  bool requires_grad = false;
  bool retains_grad = false;

  // How many TensorImpl objects exist right now (tests use it to prove that nothing leaks).
  static int64_t live_count();
};

}  // namespace xgrad
