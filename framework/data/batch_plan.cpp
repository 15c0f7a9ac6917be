#include "xgrad/framework/data/batch_plan.hpp"

#include <algorithm>
#include <numeric>

#include "xgrad/framework/data/permutation.hpp"

namespace xgrad::data::detail {

std::vector<std::vector<int64_t>> plan_batches(int64_t dataset_size,
                                               const DataLoaderOptions& options, uint64_t epoch) {
  std::vector<int64_t> order(static_cast<size_t>(dataset_size));
  if (options.sampler()) {
    order = options.sampler()->indices();
  } else if (options.shuffle()) {
    order = seeded_permutation(dataset_size, options.seed(), epoch + 1);
  } else {
    std::iota(order.begin(), order.end(), int64_t{0});
  }
  const auto batch_size = static_cast<size_t>(options.batch_size());
  std::vector<std::vector<int64_t>> batches;
  for (size_t from = 0; from < order.size(); from += batch_size) {
    const size_t to = std::min(from + batch_size, order.size());
    if (to - from < batch_size && options.drop_last()) break;
    batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(from),
                         order.begin() + static_cast<std::ptrdiff_t>(to));
  }
  return batches;
}

}  // namespace xgrad::data::detail
