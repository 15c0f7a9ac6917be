#include "xgrad/framework/random.hpp"

#include <mutex>

namespace xgrad {

namespace {
constexpr uint64_t kDefaultSeed = 5489u;
std::mutex generator_mutex;
std::mt19937_64 generator(kDefaultSeed);
}  // namespace

void manual_seed(uint64_t seed) {
  std::lock_guard<std::mutex> lock(generator_mutex);
  generator.seed(seed);
}

namespace detail {
void with_generator(const std::function<void(std::mt19937_64&)>& draw) {
  std::lock_guard<std::mutex> lock(generator_mutex);
  draw(generator);
}
}  // namespace detail

}  // namespace xgrad
