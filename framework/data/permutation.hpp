#pragma once

#include <cstdint>
#include <vector>

namespace xgrad::data::detail {

// A random permutation of 0, ..., n - 1 from a std::mt19937_64 of its own, seeded with (seed,
// stream) through std::seed_seq: the same on every platform and independent of the global
// generator and of any other stream. random_split uses stream 0, the DataLoader's epoch e stream
// e + 1.
std::vector<int64_t> seeded_permutation(int64_t n, uint64_t seed, uint64_t stream);

}  // namespace xgrad::data::detail
