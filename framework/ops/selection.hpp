#pragma once

#include <cstdint>
#include <tuple>

#include "xgrad/framework/tensor.hpp"

// Ops that pick elements along a dim and say which, as PyTorch's: argmax/argmin, max/min with a
// dim, topk and sort. Indices are int64. NaN counts as larger than every number (so max, min,
// argmax and argmin pick the first NaN, sort puts NaN last, or first when descending); ties go
// to the first index, and sort is stable. The gradient of the values goes to the elements
// picked. A 0-dim tensor takes dim 0 or -1.
namespace xgrad {

Tensor argmax(const Tensor& a);  // index into the flattened tensor
Tensor argmax(const Tensor& a, int64_t dim, bool keepdim = false);
Tensor argmin(const Tensor& a);
Tensor argmin(const Tensor& a, int64_t dim, bool keepdim = false);

// (values, indices)
std::tuple<Tensor, Tensor> max(const Tensor& a, int64_t dim, bool keepdim = false);
std::tuple<Tensor, Tensor> min(const Tensor& a, int64_t dim, bool keepdim = false);
// The smallest value of all elements, as max(a): NaN if any is NaN, ties share the gradient.
Tensor min(const Tensor& a);

// The k largest (or smallest) values along dim, largest first (smallest first). PyTorch leaves
// the order of ties to its partial sort; here they come in index order. Unsorted results come
// sorted.
std::tuple<Tensor, Tensor> topk(const Tensor& a, int64_t k, int64_t dim = -1, bool largest = true,
                                bool sorted = true);
std::tuple<Tensor, Tensor> sort(const Tensor& a, int64_t dim = -1, bool descending = false);

}  // namespace xgrad
