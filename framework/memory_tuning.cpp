#include "xgrad/framework/memory_tuning.hpp"

#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace xgrad {

bool tune_allocator_for_training() {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
  // 32 MiB is the largest threshold glibc accepts on 64-bit systems (and its own dynamic
  // threshold's ceiling).
  const bool mmap_set = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1;
  const bool trim_set = mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024) == 1;
  return mmap_set || trim_set;
#else
  return false;
#endif
}

}  // namespace xgrad
