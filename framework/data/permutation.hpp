#pragma once

#include <cstdint>
#include <vector>

namespace xgrad::data::detail {

// A random permutation of 0, ..., n - 1 from a std::mt19937_64 of its own, seeded with (seed,
// stream) through std::seed_seq: the same on every platform and independent of the global
// generator and of any other stream. random_split uses stream 0, the DataLoader's epoch e stream
// e + 1.
std::vector<int64_t> seeded_permutation(int64_t n, uint64_t seed, uint64_t stream);

// PyTorch's torch.randperm(n, generator=g) after g.manual_seed(seed), index for index: a
// forward Fisher-Yates shuffle drawing from a 32-bit Mersenne Twister seeded with the low 32
// bits of seed, as PyTorch's CPU generator is (DistributedSampler's order).
std::vector<int64_t> torch_randperm(int64_t n, uint64_t seed);

}  // namespace xgrad::data::detail
