#!/usr/bin/env bash
# Builds the library, tests and examples with AddressSanitizer + UndefinedBehaviorSanitizer
# (LeakSanitizer on) in ./build-sanitize and runs the whole suite there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# The benchmarks are no tests: leave them out of this build. -O1 -g1 (line tables, enough for
# the sanitizers' reports) compiles xtensor's templates much faster than -O2 -g.
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
      -DXGRAD_SANITIZE=ON -DXGRAD_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-sanitize -j "$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-sanitize --output-on-failure -j "$jobs"
