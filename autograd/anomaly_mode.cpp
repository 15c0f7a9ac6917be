#include "xgrad/autograd/anomaly_mode.hpp"

namespace xgrad::autograd {

namespace detail {
std::atomic<uint32_t> anomaly_mode_state{0};
}  // namespace detail

namespace {
constexpr uint32_t kSwitchedOn = uint32_t{1} << 31;
}  // namespace

void set_anomaly_enabled(bool enabled) {
  if (enabled) {
    detail::anomaly_mode_state.fetch_or(kSwitchedOn, std::memory_order_relaxed);
  } else {
    detail::anomaly_mode_state.fetch_and(~kSwitchedOn, std::memory_order_relaxed);
  }
}

DetectAnomalyGuard::DetectAnomalyGuard() {
  detail::anomaly_mode_state.fetch_add(1, std::memory_order_relaxed);
}

DetectAnomalyGuard::~DetectAnomalyGuard() {
  detail::anomaly_mode_state.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace xgrad::autograd
