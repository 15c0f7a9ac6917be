#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "xgrad/framework/data/dataset.hpp"
#include "xgrad/framework/data/subset.hpp"

namespace xgrad::data {

// Splits `dataset` into non-overlapping Subsets of the given lengths, as
// torch.utils.data.random_split: the indices are a random permutation drawn from a generator of
// its own seeded with `seed` (never the global one), so the same seed gives the same split.
// The lengths must sum to dataset->size(), else std::invalid_argument "Sum of input lengths does
// not equal the length of the input dataset!".
std::vector<std::shared_ptr<Subset>> random_split(std::shared_ptr<const Dataset> dataset,
                                                  const std::vector<int64_t>& lengths,
                                                  uint64_t seed);
// Fractions of the dataset summing to 1, as PyTorch 1.13: each split gets floor(size *
// fraction) examples, then the remainder is handed out one by one from the first split on.
std::vector<std::shared_ptr<Subset>> random_split(std::shared_ptr<const Dataset> dataset,
                                                  const std::vector<double>& fractions,
                                                  uint64_t seed);
// random_split(dataset, {80, 20}, seed) and random_split(dataset, {0.8, 0.2}, seed).
template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
std::vector<std::shared_ptr<Subset>> random_split(std::shared_ptr<const Dataset> dataset,
                                                  std::initializer_list<T> lengths, uint64_t seed) {
  if constexpr (std::is_floating_point_v<T>) {
    return random_split(std::move(dataset), std::vector<double>(lengths), seed);
  } else {
    return random_split(std::move(dataset), std::vector<int64_t>(lengths.begin(), lengths.end()),
                        seed);
  }
}

}  // namespace xgrad::data
