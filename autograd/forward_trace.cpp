#include "xgrad/autograd/forward_trace.hpp"

#include <algorithm>
#include <vector>

#include "xgrad/autograd/node.hpp"

namespace xgrad::autograd {

namespace {

thread_local const Node* node_running_backward = nullptr;

constexpr const char* kNoTrace =
    "No forward pass information available. Enable anomaly mode (autograd::DetectAnomalyGuard) "
    "during the forward pass for more information.\n";

// Whether a frame is one of the functions through which an op records its node (function.hpp)
// and its stack, which a reader of the trace need not see: the trace starts at the op. How many
// there are depends on inlining, and a sanitizer's interceptor of backtrace() adds one.
bool is_recording_frame(const std::string& function) {
  // A demangled template instance reads "void xgrad::autograd::record_edges<...>(...)".
  std::string name = function.substr(0, function.find_first_of("<("));
  name.erase(0, name.rfind(' ') + 1);
  for (const char* recorder :
       {"xgrad::autograd::attach", "xgrad::autograd::attach_outputs", "xgrad::autograd::record",
        "xgrad::autograd::record_edges", "xgrad::autograd::record_outputs",
        "xgrad::autograd::record_forward_trace", "xgrad::autograd::StackTrace::capture",
        "__interceptor_backtrace", "backtrace"}) {
    if (name == recorder) return true;
  }
  return false;
}

std::string format(const StackTrace& stack) {
  const std::vector<StackFrame> frames = stack.symbolize();
  const auto op = std::find_if(frames.begin(), frames.end(), [](const StackFrame& frame) {
    return !is_recording_frame(frame.function);
  });
  std::string text;
  for (auto frame = op; frame != frames.end(); ++frame) {
    text += "  #" + std::to_string(frame - op) + ' ' + frame->location + '\n';
  }
  return text;
}

}  // namespace

[[gnu::noinline]] void record_forward_trace(Node& node) {
  auto trace = std::make_shared<ForwardTrace>();
  trace->stack = StackTrace::capture(/*frames_to_skip=*/1);
  if (node_running_backward != nullptr) {
    trace->induced_by = node_running_backward->name();
    trace->induced_by_trace = node_running_backward->forward_trace();
  }
  node.set_forward_trace(std::move(trace));
}

std::string describe_forward(const Node& node) {
  const ForwardTrace* trace = node.forward_trace().get();
  if (trace == nullptr) return kNoTrace;
  std::string text = "Traceback of forward call that caused the error:\n" + format(trace->stack);
  for (; !trace->induced_by.empty(); trace = trace->induced_by_trace.get()) {
    text += "\nPrevious calculation was induced by " + trace->induced_by + ". ";
    if (!trace->induced_by_trace) {
      text += kNoTrace;
      break;
    }
    text += "Traceback of forward call that induced the previous calculation:\n" +
            format(trace->induced_by_trace->stack);
  }
  return text;
}

InducedBy::InducedBy(const Node& node) : previous_(node_running_backward) {
  node_running_backward = &node;
}

InducedBy::~InducedBy() {
  node_running_backward = previous_;
}

}  // namespace xgrad::autograd
