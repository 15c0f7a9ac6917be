#include "xgrad/autograd/stack_trace.hpp"

#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>

#include "xgrad/autograd/elf_symbols.hpp"

namespace xgrad::autograd {

namespace {

constexpr int kMaxFrames = 64;

std::string hex(uintptr_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string digits;
  do {
    digits.insert(digits.begin(), kDigits[value % 16]);
    value /= 16;
  } while (value != 0);
  return "0x" + digits;
}

std::string demangle(const char* name) {
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> readable(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && readable ? std::string(readable.get()) : std::string(name);
}

std::string executable_path() {
  char path[4096];
  const ssize_t length = ::readlink("/proc/self/exe", path, sizeof(path));
  return length > 0 && static_cast<size_t>(length) < sizeof(path)
             ? std::string(path, static_cast<size_t>(length))
             : std::string("/proc/self/exe");
}

// Names the code at return addresses, reading each object's symbol table once.
class Symbolizer {
 public:
  StackFrame describe(void* return_address) {
    const auto address = reinterpret_cast<uintptr_t>(return_address);
    // A call may be the last instruction of its function, so the byte before the return
    // address is the one that surely belongs to the caller.
    Dl_info info{};
    link_map* object = nullptr;
    if (::dladdr1(reinterpret_cast<void*>(address - 1), &info, reinterpret_cast<void**>(&object),
                  RTLD_DL_LINKMAP) == 0 ||
        object == nullptr) {
      return {"", "?? (" + hex(address) + ")"};
    }
    const std::string path = object->l_name[0] != '\0' ? object->l_name : executable_;
    const uintptr_t address_in_file = address - object->l_addr;
    StackFrame frame;
    uintptr_t offset = 0;
    if (const auto function = symbols_of(path).find(address_in_file - 1); function.name) {
      frame.function = demangle(function.name);
      offset = address_in_file - function.start;
    } else if (info.dli_sname != nullptr) {
      frame.function = demangle(info.dli_sname);
      offset = address - reinterpret_cast<uintptr_t>(info.dli_saddr);
    }
    frame.location = frame.function.empty() ? "??" : frame.function + " + " + hex(offset);
    frame.location += " (" + path + "+" + hex(address_in_file) + ")";
    return frame;
  }

 private:
  const ElfFunctionSymbols& symbols_of(const std::string& path) {
    auto& symbols = objects_[path];
    if (!symbols) symbols = std::make_unique<ElfFunctionSymbols>(path);
    return *symbols;
  }

  std::string executable_ = executable_path();
  std::map<std::string, std::unique_ptr<ElfFunctionSymbols>> objects_;
};

}  // namespace

[[gnu::noinline]] StackTrace StackTrace::capture(int frames_to_skip) {
  void* frames[kMaxFrames];
  const int count = ::backtrace(frames, kMaxFrames);
  const int skipped = std::clamp(frames_to_skip + 1, 0, count);  // + 1: capture() itself
  StackTrace trace;
  trace.frames_.assign(frames + skipped, frames + count);
  return trace;
}

std::vector<StackFrame> StackTrace::symbolize() const {
  Symbolizer symbolizer;
  std::vector<StackFrame> frames;
  for (void* return_address : frames_) {
    frames.push_back(symbolizer.describe(return_address));
    if (frames.back().function == "main") break;
  }
  return frames;
}

}  // namespace xgrad::autograd
