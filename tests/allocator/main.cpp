// Linking xgrad must leave the host's allocator alone: after xgrad is loaded and has run an op,
// a 16 MiB block is still mapped on its own, as glibc does by default; only an explicit
// xgrad::tune_allocator_for_training() keeps such blocks in the heap. A program of its own, not
// part of xgrad_tests, because the tuning lasts for the rest of the process. Exits with 77
// (skipped) where glibc's statistics do not describe the allocator in use.
#include <cstdio>
#include <cstdlib>
#include <xgrad/xgrad.hpp>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define XGRAD_SANITIZED_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define XGRAD_SANITIZED_MALLOC 1
#endif
#endif

namespace {

#if defined(__GLIBC__) && !defined(XGRAD_SANITIZED_MALLOC)
constexpr size_t kBlock = size_t{16} << 20;

// How many blocks glibc has mapped on their own; allocates a 16 MiB block, kept until exit.
size_t mapped_blocks_after_large_malloc() {
  auto* block = static_cast<volatile char*>(std::malloc(kBlock));
  if (block == nullptr) {
    std::fprintf(stderr, "malloc(16 MiB) failed\n");
    std::exit(1);
  }
  block[0] = 1;  // an unused allocation could be optimised away
  return mallinfo2().hblks;
}
#endif

}  // namespace

int main() {
#if defined(__GLIBC__) && !defined(XGRAD_SANITIZED_MALLOC)
  const xgrad::Tensor sum = (xgrad::ones({64, 64}) * 2.0).sum();
  if (sum.item<float>() != 8192.0f) {
    std::fprintf(stderr, "the tensor op gave a wrong sum\n");
    return 1;
  }

  const size_t before = mallinfo2().hblks;
  const size_t untuned = mapped_blocks_after_large_malloc();
  if (untuned != before + 1) {
    std::fprintf(stderr,
                 "expected a 16 MiB malloc to be mapped on its own (glibc's default) after "
                 "loading xgrad, but it came from the heap: xgrad changed the host's allocator\n");
    return 1;
  }
  if (!xgrad::tune_allocator_for_training()) {
    std::fprintf(stderr, "expected tune_allocator_for_training() to return true on glibc\n");
    return 1;
  }
  const size_t tuned = mapped_blocks_after_large_malloc();
  if (tuned != untuned) {
    std::fprintf(stderr,
                 "expected a 16 MiB malloc to come from the heap after "
                 "tune_allocator_for_training(), but it was mapped on its own\n");
    return 1;
  }
  std::printf("16 MiB malloc: mapped by default, from the heap once tuned\n");
  return 0;
#else
  std::printf("skipped: not glibc's allocator\n");
  return 77;  // ctest's SKIP_RETURN_CODE
#endif
}
