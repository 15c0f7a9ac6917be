#include "xgrad/autograd/saved_tensor.hpp"

#include <stdexcept>
#include <string>

#include "xgrad/autograd/grad_mode.hpp"
#include "xgrad/autograd/node.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad::autograd {

SavedTensor SavedTensor::input(const Tensor& tensor) {
  SavedTensor saved;
  saved.tensor_ = tensor;
  // An undefined input may be saved: an op saves before it checks its operands.
  if (tensor.defined()) saved.version_ = tensor.impl()->storage->version;
  return saved;
}

SavedTensor SavedTensor::output(const Tensor& tensor) {
  SavedTensor saved;
  saved.storage_ = tensor.impl()->storage;
  saved.view_ = tensor.impl()->view;
  saved.output_nr_ = tensor.impl()->output_nr;
  saved.version_ = saved.storage_->version;
  return saved;
}

Tensor SavedTensor::unpack() const {
  Tensor tensor = tensor_;
  if (storage_) {
    tensor = Tensor(std::make_shared<TensorImpl>(storage_));
    tensor.impl()->view = view_;
  }
  const uint64_t now = tensor.impl()->storage->version;
  XGRAD_CHECK(
      now == version_, std::runtime_error,
      "one of the variables needed for gradient computation has been modified by an inplace "
      "operation: [",
      dtype_name(tensor.dtype()), " ", tensor.sizes(), "] is at version ", now,
      "; expected version ", version_, " instead.");
  return tensor;
}

Tensor SavedTensor::unpack(const Node& owner) const {
  Tensor tensor = unpack();
  if (storage_ && is_grad_enabled()) {
    tensor.impl()->grad_fn = std::const_pointer_cast<Node>(owner.shared_from_this());
    tensor.impl()->output_nr = output_nr_;
    tensor.impl()->requires_grad = true;
  }
  return tensor;
}

}  // namespace xgrad::autograd
