#pragma once

#include <cstdint>
#include <functional>
#include <random>

namespace xgrad {

// Seeds the global generator behind rand, randn, uniform_, normal_ and nn::init, so that runs
// repeat exactly.
void manual_seed(uint64_t seed);

namespace detail {
// Runs draw(engine) while holding the lock of the global generator (shared by all threads).
void with_generator(const std::function<void(std::mt19937_64&)>& draw);
}  // namespace detail

}  // namespace xgrad
