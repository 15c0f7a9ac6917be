#pragma once

#include <string>
#include <vector>

namespace xgrad::autograd {

struct StackFrame {
  std::string function;  // demangled; empty when unknown
  // "xgrad::sqrt(xgrad::Tensor const&) + 0x8e (/path/to/libxgrad.so.0.1+0x1c04e)"
  std::string location;
};

// A call stack kept as bare return addresses (capturing looks no names up) and given names only
// when shown.
class StackTrace {
 public:
  // The stack of capture()'s caller, without its `frames_to_skip` innermost frames.
  static StackTrace capture(int frames_to_skip);

  // The frames, innermost first, down to main. On Linux with glibc, names come from the
  // object's .symtab, so static functions are named too; else (and elsewhere) from its dynamic
  // symbols through dladdr (an executable has its own only when linked with -rdynamic); else the
  // location says "??". The address after the object is the one `addr2line -e <object>` takes.
  std::vector<StackFrame> symbolize() const;

 private:
  std::vector<void*> frames_;
};

}  // namespace xgrad::autograd
