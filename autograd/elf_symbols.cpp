#include "xgrad/autograd/elf_symbols.hpp"

#if defined(XGRAD_HAS_ELF_SYMBOLS)

#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace xgrad::autograd {

namespace {

constexpr unsigned char kNativeClass = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;

bool within(size_t offset, size_t length, size_t size) {
  return offset <= size && length <= size - offset;
}

}  // namespace

ElfFunctionSymbols::ElfFunctionSymbols(const std::string& path) : mapping_(MAP_FAILED) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat status {};
  if (::fstat(fd, &status) == 0 && status.st_size > 0) {
    size_ = static_cast<size_t>(status.st_size);
    mapping_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  }
  ::close(fd);
  if (mapping_ == MAP_FAILED) return;

  const auto* bytes = static_cast<const unsigned char*>(mapping_);
  if (size_ < sizeof(ElfW(Ehdr)) || std::memcmp(bytes, ELFMAG, SELFMAG) != 0 ||
      bytes[EI_CLASS] != kNativeClass) {
    return;
  }
  const auto* header = reinterpret_cast<const ElfW(Ehdr)*>(bytes);
  if (header->e_shentsize != sizeof(ElfW(Shdr)) ||
      !within(header->e_shoff, size_t{header->e_shnum} * sizeof(ElfW(Shdr)), size_)) {
    return;
  }
  const auto* sections = reinterpret_cast<const ElfW(Shdr)*>(bytes + header->e_shoff);
  for (size_t i = 0; i < header->e_shnum; ++i) {
    const ElfW(Shdr)& table = sections[i];
    if (table.sh_type != SHT_SYMTAB || table.sh_entsize != sizeof(ElfW(Sym)) ||
        table.sh_link >= header->e_shnum || !within(table.sh_offset, table.sh_size, size_)) {
      continue;
    }
    const ElfW(Shdr)& strings = sections[table.sh_link];
    if (!within(strings.sh_offset, strings.sh_size, size_)) continue;
    symbols_ = bytes + table.sh_offset;
    symbol_count_ = table.sh_size / sizeof(ElfW(Sym));
    names_ = reinterpret_cast<const char*>(bytes + strings.sh_offset);
    names_size_ = strings.sh_size;
    return;
  }
}

ElfFunctionSymbols::~ElfFunctionSymbols() {
  if (mapping_ != MAP_FAILED) ::munmap(mapping_, size_);
}

ElfFunctionSymbols::Function ElfFunctionSymbols::find(uintptr_t address) const {
  const auto* symbols = static_cast<const ElfW(Sym)*>(symbols_);
  for (size_t i = 0; i < symbol_count_; ++i) {
    const ElfW(Sym)& symbol = symbols[i];
    const int type = ELF64_ST_TYPE(symbol.st_info);  // same bits in ELF32
    if ((type != STT_FUNC && type != STT_GNU_IFUNC) || symbol.st_shndx == SHN_UNDEF) continue;
    if (address < symbol.st_value || address - symbol.st_value >= symbol.st_size) continue;
    if (symbol.st_name >= names_size_) continue;
    const char* name = names_ + symbol.st_name;
    if (::strnlen(name, names_size_ - symbol.st_name) == names_size_ - symbol.st_name) continue;
    return {name, static_cast<uintptr_t>(symbol.st_value)};
  }
  return {};
}

}  // namespace xgrad::autograd

#endif  // XGRAD_HAS_ELF_SYMBOLS
