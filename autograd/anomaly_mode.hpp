#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>

namespace xgrad::autograd {

// Anomaly mode, as torch.autograd.detect_anomaly: while it is on, every node an op records keeps
// the stack of the forward call that recorded it, and a backward started while it is on checks
// every gradient a node passes on, throwing AnomalyError at the first node (in execution order)
// whose gradient holds a NaN or an infinity, with that node's name and the stack of its forward.
// Any other error thrown by a node's backward is rethrown unchanged, after the stack of its
// forward is printed to stderr. It slows every op down (a stack capture per recorded node, a
// scan of every gradient): use it to debug, not to train.
//
// The mode is global, not per thread like grad mode, as in PyTorch: it is a debugging switch for
// a whole program, which must reach the threads that program trains on without a guard in each.
// It is on while set_anomaly_enabled(true) is in force or any DetectAnomalyGuard is alive, on
// whichever thread; guards count, so they nest and overlap across threads in any order.
inline bool is_anomaly_enabled();
void set_anomaly_enabled(bool enabled);

// While alive, anomaly mode is on; it goes back off when the last guard dies, unless
// set_anomaly_enabled(true) holds it on.
class DetectAnomalyGuard {
 public:
  DetectAnomalyGuard();
  ~DetectAnomalyGuard();
  DetectAnomalyGuard(const DetectAnomalyGuard&) = delete;
  DetectAnomalyGuard& operator=(const DetectAnomalyGuard&) = delete;
};

// What backward throws in anomaly mode at a node that returned NaN or infinite gradients, e.g.
//   Function 'SqrtBackward' returned nan values in its 0th output.
//   Traceback of forward call that caused the error:
//     #0 xgrad::sqrt(xgrad::Tensor const&) + 0x8e (/path/to/libxgrad.so.0.1+0x1c04e)
//     ...
class AnomalyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
// Bit 31: set_anomaly_enabled(true); bits 0-30: the number of live DetectAnomalyGuards.
extern std::atomic<uint32_t> anomaly_mode_state;
}  // namespace detail

// Inline, so that an op that records a node pays one relaxed load to learn that the mode is off.
inline bool is_anomaly_enabled() {
  return detail::anomaly_mode_state.load(std::memory_order_relaxed) != 0;
}

}  // namespace xgrad::autograd
