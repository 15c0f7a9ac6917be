#include "xgrad/framework/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "xgrad/framework/detail/blas.hpp"
#include "xgrad/framework/detail/check.hpp"

namespace xgrad {

namespace {

int default_threads() {
  if (const char* requested = std::getenv("OMP_NUM_THREADS")) {
    char* end = nullptr;
    const long value = std::strtol(requested, &end, 10);
    if (end != requested && *end == '\0' && value > 0)
      return static_cast<int>(std::min(value, 1024L));
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::atomic<int>& thread_count() {
  static std::atomic<int> count{default_threads()};
  return count;
}

}  // namespace

int get_num_threads() {
  return thread_count().load(std::memory_order_relaxed);
}

void set_num_threads(int threads) {
  XGRAD_CHECK(threads > 0, std::invalid_argument, "set_num_threads expects a positive integer");
  thread_count().store(threads, std::memory_order_relaxed);
  detail::limit_blas_threads(threads);
}

}  // namespace xgrad
