#include "xgrad/framework/data/permutation.hpp"

#include <numeric>
#include <random>
#include <utility>

namespace xgrad::data::detail {

namespace {

// Uniform in [0, bound) by rejection, unlike std::uniform_int_distribution the same everywhere.
uint64_t below(std::mt19937_64& engine, uint64_t bound) {
  const uint64_t threshold = (0 - bound) % bound;  // 2^64 mod bound
  while (true) {
    const uint64_t draw = engine();
    if (draw >= threshold) return draw % bound;
  }
}

uint32_t low(uint64_t v) {
  return static_cast<uint32_t>(v);
}

uint32_t high(uint64_t v) {
  return static_cast<uint32_t>(v >> 32);
}

}  // namespace

std::vector<int64_t> seeded_permutation(int64_t n, uint64_t seed, uint64_t stream) {
  std::seed_seq seeds{low(seed), high(seed), low(stream), high(stream)};
  std::mt19937_64 engine(seeds);
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});
  for (size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[below(engine, i)]);
  }
  return order;
}

std::vector<int64_t> torch_randperm(int64_t n, uint64_t seed) {
  std::mt19937 engine(low(seed));
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});
  for (size_t i = 0; i + 1 < order.size(); ++i) {
    const size_t draw = engine() % (order.size() - i);
    std::swap(order[i], order[i + draw]);
  }
  return order;
}

}  // namespace xgrad::data::detail
