#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

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
