#pragma once

namespace xgrad {

// Tunes glibc's allocator for training loops, for the whole process: blocks up to 32 MiB stay
// in the heap instead of being mapped and unmapped on every allocation and free
// (M_MMAP_THRESHOLD), and free heap memory goes back to the system only beyond 128 MiB
// (M_TRIM_THRESHOLD). Large tensors (weight gradients, gate buffers) are freed and allocated
// again every step; with glibc's defaults each step pays page faults to get them back. xgrad
// never calls this itself: a program that owns its process may. Returns whether it changed
// anything (false where the C library is not glibc).
bool tune_allocator_for_training();

}  // namespace xgrad
