#include "xgrad/framework/data/tensor_dataset.hpp"

#include <stdexcept>
#include <utility>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

TensorDataset::TensorDataset(std::vector<Tensor> tensors) : tensors_(std::move(tensors)) {
  XGRAD_CHECK(!tensors_.empty(), std::invalid_argument,
              "TensorDataset: expected at least one tensor, but got an empty list");
  for (size_t k = 0; k < tensors_.size(); ++k) {
    const Tensor& t = tensors_[k];
    XGRAD_CHECK(t.defined(), std::invalid_argument, "TensorDataset: tensor ", k,
                " is undefined; expected a defined Tensor");
    XGRAD_CHECK(t.dim() > 0, std::invalid_argument, "TensorDataset: tensor ", k,
                " is 0-dimensional; expected a tensor with a first dimension to split along");
    XGRAD_CHECK(t.size(0) == tensors_[0].size(0), std::invalid_argument,
                "Size mismatch between tensors: tensor 0 has size ", tensors_[0].size(0),
                " in dim 0, but tensor ", k, " has size ", t.size(0));
  }
}

int64_t TensorDataset::size() const {
  return tensors_[0].size(0);
}

Example TensorDataset::get(int64_t index) const {
  check_index(index);
  Example example;
  example.reserve(tensors_.size());
  for (const Tensor& t : tensors_) example.push_back(t[index]);
  return example;
}

}  // namespace xgrad::data
