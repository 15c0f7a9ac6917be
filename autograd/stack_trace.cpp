#include "xgrad/autograd/stack_trace.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>

#include "xgrad/autograd/elf_symbols.hpp"  // XGRAD_HAS_ELF_SYMBOLS

// Each facility falls back on a more widely available one: execinfo's backtrace() on the
// unwinder's _Unwind_Backtrace (or no frames), names from the object's .symtab on dladdr's
// dynamic symbols (or bare addresses). XGRAD_PORTABLE_STACK_TRACES forces the fallbacks.
#if !defined(XGRAD_PORTABLE_STACK_TRACES) && __has_include(<execinfo.h>)
#include <execinfo.h>
#define XGRAD_HAS_EXECINFO 1
#elif __has_include(<unwind.h>)
#include <unwind.h>
#define XGRAD_HAS_UNWIND 1
#endif
#if __has_include(<dlfcn.h>)
#include <dlfcn.h>
#define XGRAD_HAS_DLADDR 1
#endif
#if __has_include(<cxxabi.h>)
#include <cxxabi.h>
#define XGRAD_HAS_CXXABI 1
#endif
#if defined(XGRAD_HAS_ELF_SYMBOLS)
#include <link.h>
#include <unistd.h>
#endif

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

[[maybe_unused]] std::string demangle(const char* name) {
#if defined(XGRAD_HAS_CXXABI)
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> readable(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  if (status == 0 && readable) return readable.get();
#endif
  return name;
}

// "name + 0x8e (object+0x1c04e)", or "?? (object+0x1c04e)" when the function is unknown.
[[maybe_unused]] StackFrame frame_in(std::string function, uintptr_t offset,
                                     const std::string& object, uintptr_t address_in_object) {
  StackFrame frame;
  frame.location = function.empty() ? "??" : function + " + " + hex(offset);
  frame.location += " (" + object + "+" + hex(address_in_object) + ")";
  frame.function = std::move(function);
  return frame;
}

StackFrame unknown_frame(uintptr_t address) {
  return {"", "?? (" + hex(address) + ")"};
}

#if defined(XGRAD_HAS_ELF_SYMBOLS)

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
      return unknown_frame(address);
    }
    const std::string path = object->l_name[0] != '\0' ? object->l_name : executable_;
    const uintptr_t address_in_file = address - object->l_addr;
    if (const auto function = symbols_of(path).find(address_in_file - 1); function.name) {
      return frame_in(demangle(function.name), address_in_file - function.start, path,
                      address_in_file);
    }
    if (info.dli_sname != nullptr) {
      return frame_in(demangle(info.dli_sname),
                      address - reinterpret_cast<uintptr_t>(info.dli_saddr), path, address_in_file);
    }
    return frame_in("", 0, path, address_in_file);
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

#elif defined(XGRAD_HAS_DLADDR)

// Names the code at return addresses from the dynamic symbols dladdr sees: exported functions
// only (an executable's own only when linked with -rdynamic).
class Symbolizer {
 public:
  StackFrame describe(void* return_address) {
    const auto address = reinterpret_cast<uintptr_t>(return_address);
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(address - 1), &info) == 0 || info.dli_fname == nullptr) {
      return unknown_frame(address);
    }
    const uintptr_t address_in_file = address - reinterpret_cast<uintptr_t>(info.dli_fbase);
    if (info.dli_sname == nullptr) return frame_in("", 0, info.dli_fname, address_in_file);
    return frame_in(demangle(info.dli_sname), address - reinterpret_cast<uintptr_t>(info.dli_saddr),
                    info.dli_fname, address_in_file);
  }
};

#else

class Symbolizer {
 public:
  StackFrame describe(void* return_address) {
    return unknown_frame(reinterpret_cast<uintptr_t>(return_address));
  }
};

#endif

#if !defined(XGRAD_HAS_EXECINFO) && defined(XGRAD_HAS_UNWIND)

struct UnwoundFrames {
  void** frames;
  int capacity;
  int count;
};

_Unwind_Reason_Code keep_frame(_Unwind_Context* context, void* unwound_frames) {
  auto& unwound = *static_cast<UnwoundFrames*>(unwound_frames);
  const uintptr_t address = _Unwind_GetIP(context);
  if (unwound.count == unwound.capacity || address == 0) return _URC_END_OF_STACK;
  unwound.frames[unwound.count++] = reinterpret_cast<void*>(address);
  return _URC_NO_REASON;
}

#endif

}  // namespace

[[gnu::noinline]] StackTrace StackTrace::capture(int frames_to_skip) {
  void* frames[kMaxFrames];
#if defined(XGRAD_HAS_EXECINFO)
  const int count = ::backtrace(frames, kMaxFrames);
#elif defined(XGRAD_HAS_UNWIND)
  UnwoundFrames unwound{frames, kMaxFrames, 0};
  _Unwind_Backtrace(keep_frame, &unwound);
  const int count = unwound.count;
#else
  const int count = 0;
#endif
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
