// One benchmark binary for all suites. Threads: xgrad and libtorch both run single-threaded
// here (OPENBLAS_NUM_THREADS=1 and torch::set_num_threads(1) are set by scripts/bench.sh), so
// ratios compare the frameworks, not their thread pools.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
