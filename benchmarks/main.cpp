// One benchmark binary for all suites. Threads: xgrad (through OpenBLAS) and libtorch both run
// with their default thread counts, one per core, so ratios compare what a user gets out of the
// box; set OPENBLAS_NUM_THREADS and OMP_NUM_THREADS to compare single-threaded.
//
// Like xgrad's examples, the benchmarks tune glibc's allocator for training
// (xgrad::tune_allocator_for_training); --malloc_defaults leaves glibc's defaults, to measure
// what the tuning gains.
#include <benchmark/benchmark.h>

#include <cstring>
#include <xgrad/xgrad.hpp>

int main(int argc, char** argv) {
  bool malloc_defaults = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--malloc_defaults") == 0) {
      malloc_defaults = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  if (!malloc_defaults) xgrad::tune_allocator_for_training();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
