// The stack reader's fallback, the one built where <elf.h>, <link.h> or <execinfo.h> are missing
// (here they stand for headers that stop the build): autograd/stack_trace.cpp compiled with
// XGRAD_PORTABLE_STACK_TRACES captures through the unwinder and names frames through dladdr.
// This program is linked with -rdynamic, so dladdr sees its functions.
#include <cstdio>
#include <string>
#include <vector>

#include "xgrad/autograd/stack_trace.hpp"

#if !defined(XGRAD_PORTABLE_STACK_TRACES)
#error "build this test with XGRAD_PORTABLE_STACK_TRACES defined"
#endif

using xgrad::autograd::StackFrame;
using xgrad::autograd::StackTrace;

volatile int probe_calls = 0;

[[gnu::noinline]] StackTrace probe_capture() {
  StackTrace trace = StackTrace::capture(/*frames_to_skip=*/0);
  probe_calls = probe_calls + 1;  // work after the call: no tail call hides this frame
  return trace;
}

int main() {
  const std::vector<StackFrame> frames = probe_capture().symbolize();
  for (const StackFrame& frame : frames) std::printf("  %s\n", frame.location.c_str());
  if (frames.size() < 2) {
    std::fprintf(stderr, "expected at least 2 frames (probe_capture, main), got %zu\n",
                 frames.size());
    return 1;
  }
  if (frames.front().function != "probe_capture()") {
    std::fprintf(stderr, "expected the innermost frame to be probe_capture(), got '%s'\n",
                 frames.front().location.c_str());
    return 1;
  }
  if (frames.front().location.rfind("probe_capture() + 0x", 0) != 0) {
    std::fprintf(stderr, "expected a location 'probe_capture() + 0x...', got '%s'\n",
                 frames.front().location.c_str());
    return 1;
  }
  if (frames.back().function != "main") {
    std::fprintf(stderr, "expected the outermost frame to be main, got '%s'\n",
                 frames.back().location.c_str());
    return 1;
  }
  return 0;
}
