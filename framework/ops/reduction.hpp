#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"

// Reductions over all dims or the given ones (negative dims count from the end; an empty list
// means all dims, as in PyTorch). keepdim keeps each reduced dim with size 1.
namespace xgrad {

Tensor sum(const Tensor& a);
Tensor sum(const Tensor& a, Dims dims, bool keepdim = false);
Tensor mean(const Tensor& a);
Tensor mean(const Tensor& a, Dims dims, bool keepdim = false);
// The largest value of all elements (NaN if any is NaN, as in PyTorch); its gradient is shared
// evenly among ties. amax likewise over the given dims.
Tensor max(const Tensor& a);
Tensor amax(const Tensor& a, Dims dims = {}, bool keepdim = false);
Tensor logsumexp(const Tensor& a, Dims dims, bool keepdim = false);

// What a backward needs to know of an input without keeping its values alive.
struct TensorMeta {
  explicit TensorMeta(const Tensor& t) : sizes(t.sizes().vec()), dtype(t.dtype()) {}
  std::vector<int64_t> sizes;
  Dtype dtype;
};

// Sums a broadcast gradient back to `shape` (the one helper every broadcasting backward uses).
Tensor sum_to(const Tensor& grad, const std::vector<int64_t>& shape);
// sum_to the input's shape, then converted to the input's dtype.
Tensor reduce_to(const Tensor& grad, const TensorMeta& input);
Tensor reduce_to(const Tensor& grad, const Tensor& input);

}  // namespace xgrad
