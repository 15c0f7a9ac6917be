#pragma once

#include <initializer_list>
#include <type_traits>
#include <utility>
#include <vector>

#include "xgrad/framework/data/dataset.hpp"

namespace xgrad::data {

// Tensors of equal first size N, split along dim 0 into N examples, as
// torch.utils.data.TensorDataset: get(i) is {t[i] for each tensor t}.
class TensorDataset : public Dataset {
 public:
  // Throws std::invalid_argument for an empty list, an undefined or 0-dimensional tensor, or
  // first sizes that differ ("Size mismatch between tensors").
  explicit TensorDataset(std::vector<Tensor> tensors);
  // TensorDataset({inputs, targets})
  TensorDataset(std::initializer_list<Tensor> tensors)
      : TensorDataset(std::vector<Tensor>(tensors)) {}
  // TensorDataset(inputs, targets)
  template <typename... Rest,
            std::enable_if_t<(std::is_convertible_v<const Rest&, const Tensor&> && ...), int> = 0>
  explicit TensorDataset(const Tensor& first, const Rest&... rest)
      : TensorDataset(std::vector<Tensor>{first, rest...}) {}

  int64_t size() const override;
  Example get(int64_t index) const override;
  const std::vector<Tensor>& tensors() const { return tensors_; }

 private:
  std::vector<Tensor> tensors_;
};

}  // namespace xgrad::data
