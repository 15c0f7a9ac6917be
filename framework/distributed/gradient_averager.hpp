#pragma once

#include <cstddef>
#include <vector>

#include "xgrad/framework/dtype.hpp"
#include "xgrad/framework/tensor.hpp"
#include "xgrad/nn/module.hpp"

namespace xgrad::distributed {

// Averages a module's gradients across ranks after each backward(), for data-parallel training
// (the reducer of PyTorch's DistributedDataParallel, called by hand as Horovod's optimizer does):
//
//   distributed::broadcast_parameters(model);
//   distributed::GradientAverager averager(model);
//   for (...) {
//     optimizer.zero_grad();
//     loss(model, my_share_of_the_batch).backward();
//     averager.synchronize();  // every grad is now the mean over the ranks
//     optimizer.step();
//   }
//
// The gradients of the parameters that require grad are coalesced into buckets of one dtype and
// at most bucket_bytes each (a parameter larger than that gets a bucket of its own), filled in
// reverse registration order as PyTorch's reducer does. synchronize() starts one nonblocking
// allreduce per bucket as soon as the bucket is packed, so packing the next bucket and unpacking
// the previous one overlap the transfers; it does not overlap the backward pass itself (the
// autograd engine has no per-parameter hook to start a bucket early).
// A parameter without a grad counts as a zero gradient and gets the average.
class GradientAverager {
 public:
  // Needs init(). The module must have the same parameters on every rank (dtypes and sizes,
  // in the same order); otherwise each rank throws std::runtime_error. Throws
  // std::invalid_argument for a bucket_bytes of 0.
  explicit GradientAverager(const nn::Module& module, size_t bucket_bytes = 25 * 1024 * 1024);

  // Replaces every parameter's grad by its mean over the ranks; every rank must call it.
  void synchronize();

  size_t num_buckets() const { return buckets_.size(); }

 private:
  struct Bucket {
    Dtype dtype;
    std::vector<Tensor> parameters;
    int64_t numel = 0;
  };
  std::vector<Bucket> buckets_;
};

}  // namespace xgrad::distributed
