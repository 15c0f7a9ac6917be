#pragma once

#include <cstdint>
#include <functional>
#include <random>

namespace xgrad {

// Seeds the global generator behind rand, randn, uniform_, normal_ and nn::init, so that runs
// repeat exactly. As PyTorch's default generator, it is one for all threads: seeding and drawing
// from several threads at once is safe, but their draws interleave, so a run repeats only if its
// random values are drawn from one thread (e.g. build the models first, then train in threads).
void manual_seed(uint64_t seed);

namespace detail {
// Runs draw(engine) while holding the lock of the global generator (shared by all threads).
void with_generator(const std::function<void(std::mt19937_64&)>& draw);
}  // namespace detail

}  // namespace xgrad
