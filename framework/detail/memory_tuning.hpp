#pragma once

namespace xgrad::detail {

// Keeps glibc from unmapping and trimming the large blocks that training frees and allocates
// again every step (see memory_tuning.cpp). Runs once, when the library is loaded; returns
// whether it changed anything.
bool tune_malloc();

}  // namespace xgrad::detail
