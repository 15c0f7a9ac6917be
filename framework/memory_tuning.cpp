// Large tensors (gradients of big weight matrices, gate buffers) are freed and allocated again
// every training step. With glibc's defaults, such blocks are unmapped or trimmed on free, so
// every step pays page faults to get them back: at (256, 1024, 1024) a GRUCell step spends a
// quarter of its time faulting. At load time xgrad therefore keeps blocks up to 32 MiB in the
// heap (M_MMAP_THRESHOLD, glibc's maximum for its own dynamic threshold) and returns free heap
// memory to the system only beyond 128 MiB (M_TRIM_THRESHOLD). These settings apply to the
// whole process; set XGRAD_KEEP_MALLOC_DEFAULTS=1 to leave glibc's defaults alone.
#include "xgrad/framework/detail/memory_tuning.hpp"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace xgrad::detail {

bool tune_malloc() {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
  const char* keep = std::getenv("XGRAD_KEEP_MALLOC_DEFAULTS");
  if (keep != nullptr && keep[0] != '\0' && keep[0] != '0') return false;
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
  return true;
#else
  return false;
#endif
}

}  // namespace xgrad::detail
