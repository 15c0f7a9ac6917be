#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/framework/data/sampler.hpp"

namespace xgrad::data {

// One rank's share of a dataset, as torch.utils.data.DistributedSampler: every rank builds it
// with the same dataset size, seed and options and its own rank, and passes it to its DataLoader
// (DataLoaderOptions(32).sampler(sampler)); the ranks' shares of an epoch never overlap and
// together cover the dataset.
//
// With shuffle, the epoch's order is PyTorch's torch.randperm(dataset_size) from a generator
// seeded with seed + epoch, so it is the same list of indices PyTorch gives and the same on
// every rank. As in PyTorch, call set_epoch(epoch) before each epoch, or every epoch has the
// same order. Unless drop_last, the order is padded by repeating its first indices up to a
// multiple of num_replicas, so every rank gets the same number of samples; with drop_last its
// tail is dropped instead. Rank r takes the indices at r, r + num_replicas, ...
class DistributedSampler : public Sampler {
 public:
  // Throws std::invalid_argument for a negative dataset_size, num_replicas below 1, or a rank
  // outside [0, num_replicas - 1] (PyTorch's "Invalid rank 2, rank should be in the interval
  // [0, 1]").
  DistributedSampler(int64_t dataset_size, int64_t num_replicas, int64_t rank, bool shuffle = true,
                     uint64_t seed = 0, bool drop_last = false);

  std::vector<int64_t> indices() const override;
  // PyTorch's num_samples: the same on every rank.
  int64_t size() const override { return num_samples_; }
  void set_epoch(uint64_t epoch) { epoch_ = epoch; }
  uint64_t epoch() const { return epoch_; }

  int64_t num_replicas() const { return num_replicas_; }
  int64_t rank() const { return rank_; }
  bool shuffle() const { return shuffle_; }
  uint64_t seed() const { return seed_; }
  bool drop_last() const { return drop_last_; }

 private:
  int64_t dataset_size_;
  int64_t num_replicas_;
  int64_t rank_;
  bool shuffle_;
  uint64_t seed_;
  bool drop_last_;
  int64_t num_samples_;
  uint64_t epoch_ = 0;
};

}  // namespace xgrad::data
