// One benchmark binary for all suites. Threads: xgrad (through OpenBLAS) and libtorch both run
// with their default thread counts, one per core, so ratios compare what a user gets out of the
// box; set OPENBLAS_NUM_THREADS and OMP_NUM_THREADS to compare single-threaded.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
