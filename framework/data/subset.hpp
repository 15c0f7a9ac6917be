#pragma once

#include <memory>
#include <vector>

#include "xgrad/framework/data/dataset.hpp"

namespace xgrad::data {

// The examples of `dataset` at `indices`, in that order, as torch.utils.data.Subset.
class Subset : public Dataset {
 public:
  // Throws std::invalid_argument for a null dataset and std::out_of_range for an index outside
  // [0, dataset->size()).
  Subset(std::shared_ptr<const Dataset> dataset, std::vector<int64_t> indices);

  int64_t size() const override;
  Example get(int64_t index) const override;
  const std::shared_ptr<const Dataset>& dataset() const { return dataset_; }
  const std::vector<int64_t>& indices() const { return indices_; }

 private:
  std::shared_ptr<const Dataset> dataset_;
  std::vector<int64_t> indices_;
};

}  // namespace xgrad::data
