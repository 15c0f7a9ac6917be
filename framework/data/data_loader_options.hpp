#pragma once

#include <cstdint>
#include <memory>

#include "xgrad/framework/arg.hpp"
#include "xgrad/framework/data/sampler.hpp"

namespace xgrad::data {

// What a DataLoader does, as torch.utils.data.DataLoader's arguments and libtorch's
// DataLoaderOptions: DataLoaderOptions(32).shuffle(true).seed(7).num_workers(1).
struct DataLoaderOptions {
  DataLoaderOptions(int64_t batch_size)  // NOLINT(google-explicit-constructor): as libtorch
      : batch_size_(batch_size) {}
  // Examples per batch, positive.
  XGRAD_ARG(int64_t, batch_size);
  // A new order every epoch, drawn from (seed, epoch number) by a generator of the loader's own:
  // unlike PyTorch, shuffling never draws from the global generator (manual_seed), so loaders
  // with equal seeds give equal batches whatever else the program draws.
  XGRAD_ARG(bool, shuffle) = false;
  XGRAD_ARG(uint64_t, seed) = 0;
  // Drops the last batch when it is smaller than batch_size.
  XGRAD_ARG(bool, drop_last) = false;
  // 0: batches are loaded on the calling thread; 1: one background thread loads the next few
  // batches while the caller works on the current one (same batches, same order).
  XGRAD_ARG(int, num_workers) = 0;
  // Where each epoch's indices come from instead of 0, ..., size - 1 (e.g. a DistributedSampler);
  // excludes shuffle, as in PyTorch.
  XGRAD_ARG(std::shared_ptr<const Sampler>, sampler);
};

}  // namespace xgrad::data
