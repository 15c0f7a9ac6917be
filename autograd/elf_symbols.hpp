#pragma once

#include <cstddef>  // first: defines __GLIBC__ where the C library is glibc
#include <cstdint>
#include <string>

// Reading an object's own symbol table needs Linux's ELF definitions and glibc's dladdr1 (to
// find which object holds an address). Elsewhere, or with XGRAD_PORTABLE_STACK_TRACES defined,
// stack traces name functions through dladdr alone (stack_trace.cpp).
#if !defined(XGRAD_PORTABLE_STACK_TRACES) && defined(__linux__) && defined(__GLIBC__) && \
    __has_include(<elf.h>) && __has_include(<link.h>)
#define XGRAD_HAS_ELF_SYMBOLS 1
#endif

#if defined(XGRAD_HAS_ELF_SYMBOLS)

namespace xgrad::autograd {

// The function symbols of one ELF file (its .symtab: every function, static ones too, unless
// the file is stripped), read from the file mapped into memory.
class ElfFunctionSymbols {
 public:
  // Empty when the file cannot be read, is not a native ELF file or has no .symtab.
  explicit ElfFunctionSymbols(const std::string& path);
  ~ElfFunctionSymbols();
  ElfFunctionSymbols(const ElfFunctionSymbols&) = delete;
  ElfFunctionSymbols& operator=(const ElfFunctionSymbols&) = delete;

  struct Function {
    const char* name = nullptr;  // mangled; null when no function contains the address
    uintptr_t start = 0;
  };
  // The function whose code holds `address`, an address as the file states it (before the
  // object's load bias is added).
  Function find(uintptr_t address) const;

 private:
  void* mapping_;
  size_t size_ = 0;
  const void* symbols_ = nullptr;
  size_t symbol_count_ = 0;
  const char* names_ = nullptr;
  size_t names_size_ = 0;
};

}  // namespace xgrad::autograd

#endif  // XGRAD_HAS_ELF_SYMBOLS
