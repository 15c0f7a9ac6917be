#include "xgrad/framework/data/subset.hpp"

#include <stdexcept>
#include <utility>

#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

Subset::Subset(std::shared_ptr<const Dataset> dataset, std::vector<int64_t> indices)
    : dataset_(std::move(dataset)), indices_(std::move(indices)) {
  XGRAD_CHECK(dataset_ != nullptr, std::invalid_argument,
              "Subset: expected a dataset, but got a null pointer");
  const int64_t n = dataset_->size();
  for (size_t k = 0; k < indices_.size(); ++k) {
    XGRAD_CHECK(indices_[k] >= 0 && indices_[k] < n, std::out_of_range, "Subset: index ",
                indices_[k], " (at position ", k, ") is out of range for dataset of size ", n);
  }
}

int64_t Subset::size() const {
  return static_cast<int64_t>(indices_.size());
}

Example Subset::get(int64_t index) const {
  check_index(index);
  return dataset_->get(indices_[static_cast<size_t>(index)]);
}

}  // namespace xgrad::data
