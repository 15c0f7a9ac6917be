#pragma once

#include <vector>

#include "xgrad/framework/tensor.hpp"

namespace xgrad::distributed {

// How all_reduce combines the ranks' values, as torch.distributed.ReduceOp. kAvg divides the sum
// by world_size() (integers truncated toward zero). A bool tensor reduces as NCCL does in
// PyTorch: kSum and kMax are a logical or, kMin a logical and, and kAvg is refused.
enum class ReduceOp { kSum, kAvg, kMax, kMin };

// The collectives of torch.distributed, over the process group of init(). Every rank calls the
// same collectives in the same order, each with a tensor of the same dtype and sizes; a rank
// whose tensor differs makes each rank throw std::runtime_error saying so. They write the
// tensor's values as PyTorch's `.data` would, unseen by autograd.

// Replaces `tensor` on every rank by the reduction of all ranks' tensors.
void all_reduce(const Tensor& tensor, ReduceOp op = ReduceOp::kSum);
// Replaces `tensor` on every rank by root's. Throws std::invalid_argument for a root outside
// [0, world_size()).
void broadcast(const Tensor& tensor, int root);
// Every rank's tensor, in rank order (world_size() new tensors).
std::vector<Tensor> all_gather(const Tensor& tensor);

}  // namespace xgrad::distributed
