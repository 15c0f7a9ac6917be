#pragma once

// What the DataLoader tests share.
#include <cstdint>
#include <vector>
#include <xgrad/xgrad.hpp>

namespace xgrad::testing {

// The first field of every batch of one epoch, as lists of numbers.
inline std::vector<std::vector<int64_t>> epoch_of(data::DataLoader& loader) {
  std::vector<std::vector<int64_t>> batches;
  for (const data::Example& batch : loader) {
    const xt::xarray<int64_t> values = batch[0].to_xarray<int64_t>();
    batches.emplace_back(values.begin(), values.end());
  }
  return batches;
}

}  // namespace xgrad::testing
