#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/framework/tensor.hpp"

// Datasets as torch.utils.data (https://pytorch.org/docs/1.13/data.html) and libtorch's
// torch::data: a dataset maps an index in [0, size()) to an example, a list of tensors.
namespace xgrad::data {

// One example: its fields, e.g. {input, target}. A batch has the same form, each field stacked.
using Example = std::vector<Tensor>;

// A map-style dataset, as torch.utils.data.Dataset with __len__.
class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual int64_t size() const = 0;
  // Throws std::out_of_range unless 0 <= index < size() (negative indices are refused).
  virtual Example get(int64_t index) const = 0;

 protected:
  // Throws std::out_of_range "index 7 is out of range for dataset of size 5".
  void check_index(int64_t index) const;
};

}  // namespace xgrad::data
