#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "xgrad/framework/storage.hpp"

namespace xgrad {
namespace autograd {
class Node;
}

// Where a view's elements lie in its storage's buffer, in elements: element (i0, i1, ...) is at
// offset + i0 * strides[0] + i1 * strides[1] + ..., as PyTorch's sizes, strides and
// storage_offset.
struct ViewGeometry {
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
  int64_t offset = 0;
};

// The shared state behind a Tensor handle. A tensor made by a differentiable op points to the
// node that made it (grad_fn); that node never points back, so the graph holds no cycles.
class TensorImpl {
 public:
  explicit TensorImpl(std::shared_ptr<Storage> storage);
  ~TensorImpl();
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  std::shared_ptr<Storage> storage;
  // Set for a view (made by select, narrow, transpose, view, ...): its elements within the
  // storage, which holds its base's values. Unset for a tensor whose values are the whole stored
  // array, in its shape.
  std::optional<ViewGeometry> view;
  // For a view, the tensor it was taken from (never itself a view), as PyTorch's _base.
  std::shared_ptr<TensorImpl> base;
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
