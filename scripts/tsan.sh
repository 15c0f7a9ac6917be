#!/usr/bin/env bash
# Builds the library and the thread tests (tests/test_threads.cpp) with ThreadSanitizer in
# ./build-tsan and runs them; any data race fails the run. Cold: about 3 minutes on 2 idle
# cores, 5 on busy ones; the run itself takes 2 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh  # g++ brings ThreadSanitizer's runtime (libtsan2)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DXGRAD_TSAN=ON -DXGRAD_BUILD_EXAMPLES=OFF \
      -DXGRAD_BUILD_BENCHMARKS=OFF -DXGRAD_INSTALL=OFF -DXGRAD_UNITY_BUILD=ON >/dev/null
cmake --build build-tsan -j "$jobs" --target xgrad_thread_tests
# OpenBLAS is not instrumented: TSan cannot see how its worker threads synchronise with ours and
# would report false races, so OpenBLAS runs on the calling thread.
export OPENBLAS_NUM_THREADS=1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4"
build-tsan/tests/xgrad_thread_tests
