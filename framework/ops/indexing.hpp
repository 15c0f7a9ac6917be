#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/framework/tensor.hpp"

// Indexing by int64 index tensors, as PyTorch's gather, scatter_add and index_select. Every
// index is checked against its dimension's size before any value is read or written.
namespace xgrad {

// out[i][j][k] = input[index[i][j][k]][j][k] for dim 0 (and so on): index has input's rank and
// no larger size than input's in every dim but `dim`. The result has index's shape.
Tensor gather(const Tensor& input, int64_t dim, const Tensor& index);
// A copy of self with src[i][j][k] added at [index[i][j][k]][j][k] for dim 0 (and so on):
// index has self's rank and sizes no larger than src's, and than self's apart from `dim`.
Tensor scatter_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
// The slices of input at the positions of a 1-D (or one-element 0-D) index along dim.
Tensor index_select(const Tensor& input, int64_t dim, const Tensor& index);

namespace detail {
// Zeros of `sizes` with slice i of source added at index[i] along dim: the backward of
// index_select (index_add into zeros), itself differentiable.
Tensor index_add_into_zeros(const Tensor& source, const std::vector<int64_t>& sizes, int64_t dim,
                            const Tensor& index);
}  // namespace detail

}  // namespace xgrad
