#include "xgrad/framework/data/random_split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "xgrad/framework/data/permutation.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad::data {

namespace {

constexpr const char* kSumMismatch =
    "Sum of input lengths does not equal the length of the input dataset!";

const std::shared_ptr<const Dataset>& checked(const std::shared_ptr<const Dataset>& dataset) {
  XGRAD_CHECK(dataset != nullptr, std::invalid_argument,
              "random_split: expected a dataset, but got a null pointer");
  return dataset;
}

}  // namespace

std::vector<std::shared_ptr<Subset>> random_split(std::shared_ptr<const Dataset> dataset,
                                                  const std::vector<int64_t>& lengths,
                                                  uint64_t seed) {
  const int64_t n = checked(dataset)->size();
  for (size_t k = 0; k < lengths.size(); ++k) {
    XGRAD_CHECK(lengths[k] >= 0, std::invalid_argument,
                "random_split: lengths must be non-negative, but got ", lengths[k], " at index ",
                k);
  }
  const int64_t total = std::accumulate(lengths.begin(), lengths.end(), int64_t{0});
  XGRAD_CHECK(total == n, std::invalid_argument, kSumMismatch, " (lengths sum to ", total,
              ", the dataset has ", n, " examples)");
  const std::vector<int64_t> order = detail::seeded_permutation(n, seed, 0);
  std::vector<std::shared_ptr<Subset>> subsets;
  auto from = order.begin();
  for (int64_t length : lengths) {
    subsets.push_back(std::make_shared<Subset>(dataset, std::vector<int64_t>(from, from + length)));
    from += length;
  }
  return subsets;
}

std::vector<std::shared_ptr<Subset>> random_split(std::shared_ptr<const Dataset> dataset,
                                                  const std::vector<double>& fractions,
                                                  uint64_t seed) {
  const int64_t n = checked(dataset)->size();
  double sum = 0.0;
  for (double f : fractions) sum += f;
  // Python's math.isclose(sum, 1) with its default rel_tol, and sum <= 1, as PyTorch.
  const bool sums_to_one = std::fabs(sum - 1.0) <= 1e-9 * std::max(std::fabs(sum), 1.0);
  XGRAD_CHECK(sums_to_one && sum <= 1.0, std::invalid_argument, kSumMismatch, " (fractions sum to ",
              sum, ", expected 1)");
  std::vector<int64_t> lengths;
  for (size_t k = 0; k < fractions.size(); ++k) {
    XGRAD_CHECK(fractions[k] >= 0.0 && fractions[k] <= 1.0, std::invalid_argument,
                "Fraction at index ", k, " is not between 0 and 1");
    lengths.push_back(static_cast<int64_t>(std::floor(static_cast<double>(n) * fractions[k])));
  }
  const int64_t remainder = n - std::accumulate(lengths.begin(), lengths.end(), int64_t{0});
  for (int64_t i = 0; i < remainder; ++i) {
    ++lengths[static_cast<size_t>(i) % lengths.size()];
  }
  return random_split(std::move(dataset), lengths, seed);
}

}  // namespace xgrad::data
