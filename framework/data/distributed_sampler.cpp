#include "xgrad/framework/data/distributed_sampler.hpp"

#include <numeric>
#include <stdexcept>

#include "xgrad/framework/data/permutation.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

DistributedSampler::DistributedSampler(int64_t dataset_size, int64_t num_replicas, int64_t rank,
                                       bool shuffle, uint64_t seed, bool drop_last)
    : dataset_size_(dataset_size),
      num_replicas_(num_replicas),
      rank_(rank),
      shuffle_(shuffle),
      seed_(seed),
      drop_last_(drop_last) {
  XGRAD_CHECK(dataset_size >= 0, std::invalid_argument,
              "DistributedSampler: expected a non-negative dataset size, but got ", dataset_size);
  XGRAD_CHECK(
      num_replicas >= 1, std::invalid_argument,
      "DistributedSampler: expected num_replicas >= 1, but got num_replicas=", num_replicas);
  XGRAD_CHECK(rank >= 0 && rank < num_replicas, std::invalid_argument, "Invalid rank ", rank,
              ", rank should be in the interval [0, ", num_replicas - 1, "]");
  if (drop_last && dataset_size % num_replicas != 0) {
    num_samples_ = dataset_size / num_replicas;  // PyTorch's ceil((size - replicas) / replicas)
  } else {
    num_samples_ = (dataset_size + num_replicas - 1) / num_replicas;
  }
}

std::vector<int64_t> DistributedSampler::indices() const {
  std::vector<int64_t> order(static_cast<size_t>(dataset_size_));
  if (shuffle_) {
    order = detail::torch_randperm(dataset_size_, seed_ + epoch_);
  } else {
    std::iota(order.begin(), order.end(), int64_t{0});
  }
  const auto total_size = static_cast<size_t>(num_samples_ * num_replicas_);
  // Padding repeats the order from its start, as often as needed (PyTorch's
  // (indices * ceil(padding / len(indices)))[:padding]).
  for (size_t i = 0; order.size() < total_size; ++i) {
    const int64_t repeated = order[i];
    order.push_back(repeated);
  }
  order.resize(total_size);
  std::vector<int64_t> mine;
  mine.reserve(static_cast<size_t>(num_samples_));
  for (size_t i = static_cast<size_t>(rank_); i < total_size;
       i += static_cast<size_t>(num_replicas_)) {
    mine.push_back(order[i]);
  }
  return mine;
}

}  // namespace xgrad::data
