#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::autograd {

class Node;

// A value a node keeps for its backward. An input is kept whole (its graph lies upstream, so
// no cycle forms); an op's own output is kept as its values only, never its TensorImpl, and
// unpack(owner) re-attaches the owner node while grad mode is on (create_graph), as PyTorch's
// SavedVariable does. unpack() refuses values that an in-place op changed after saving.
class SavedTensor {
 public:
  SavedTensor() = default;
  static SavedTensor input(const Tensor& tensor);
  static SavedTensor output(const Tensor& tensor);

  Tensor unpack() const;
  Tensor unpack(const Node& owner) const;

 private:
  Tensor tensor_;                     // inputs
  std::shared_ptr<Storage> storage_;  // outputs
  std::optional<ViewGeometry> view_;  // an output that is a view
  uint32_t output_nr_ = 0;
  uint64_t version_ = 0;
};

}  // namespace xgrad::autograd
