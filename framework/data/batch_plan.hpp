#pragma once

#include <cstdint>
#include <vector>

#include "xgrad/framework/data/data_loader_options.hpp"

namespace xgrad::data::detail {

// The dataset indices of each batch of epoch `epoch` (counted from 0): 0, 1, ... in order,
// shuffled from (options.seed(), epoch), or options.sampler()'s indices; cut into batches of
// options.batch_size(), the last one shorter or, with drop_last, dropped.
std::vector<std::vector<int64_t>> plan_batches(int64_t dataset_size,
                                               const DataLoaderOptions& options, uint64_t epoch);

}  // namespace xgrad::data::detail
