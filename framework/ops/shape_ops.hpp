#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"

// Shape ops. Each returns a new tensor (xgrad has no strided views yet: the values are copied),
// and each is differentiable.
namespace xgrad {

// One size may be -1 and is then inferred.
Tensor reshape(const Tensor& a, const std::vector<int64_t>& shape);
Tensor view(const Tensor& a, const std::vector<int64_t>& shape);
Tensor flatten(const Tensor& a, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor squeeze(const Tensor& a);
Tensor squeeze(const Tensor& a, int64_t dim);
Tensor unsqueeze(const Tensor& a, int64_t dim);
Tensor transpose(const Tensor& a, int64_t dim0, int64_t dim1);
// The dims reordered: dim i of the result is dim dims[i] of a.
Tensor permute(const Tensor& a, const std::vector<int64_t>& dims);
Tensor t(const Tensor& a);  // tensors of at most 2 dims
// -1 keeps a size; new leading dims may be added.
Tensor expand(const Tensor& a, const std::vector<int64_t>& sizes);

Tensor select(const Tensor& a, int64_t dim, int64_t index);
Tensor narrow(const Tensor& a, int64_t dim, int64_t start, int64_t length);
std::vector<Tensor> chunk(const Tensor& a, int64_t chunks, int64_t dim = 0);
std::vector<Tensor> split(const Tensor& a, int64_t split_size, int64_t dim = 0);
// Consecutive pieces of the given sizes along dim, which must sum to a.size(dim), as
// torch.split with a list of sizes; one node.
std::vector<Tensor> split_with_sizes(const Tensor& a, const std::vector<int64_t>& split_sizes,
                                     int64_t dim = 0);
// The slices along dim, as separate tensors; one node whose backward stacks their gradients.
std::vector<Tensor> unbind(const Tensor& a, int64_t dim = 0);
Tensor cat(const std::vector<Tensor>& tensors, int64_t dim = 0);
Tensor stack(const std::vector<Tensor>& tensors, int64_t dim = 0);

namespace detail {
// Consecutive pieces of the given lengths along dim; one node whose backward concatenates.
std::vector<Tensor> split_with_lengths(const Tensor& a, const std::vector<int64_t>& lengths,
                                       int64_t dim);
// Zeros of `sizes` holding `grad` at [start, start + grad.size(dim)) along dim: the backward of
// narrow, itself differentiable.
Tensor narrow_scatter(const Tensor& grad, const std::vector<int64_t>& sizes, int64_t dim,
                      int64_t start);
}  // namespace detail

}  // namespace xgrad
