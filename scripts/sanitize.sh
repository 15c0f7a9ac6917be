#!/usr/bin/env bash
# Builds the library, tests and examples with clang, warnings as errors, AddressSanitizer +
# UndefinedBehaviorSanitizer (LeakSanitizer on) in ./build-sanitize and runs the whole suite
# there: one build that is both the clang build and the sanitizer build (scripts/test.sh is the
# g++ one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh clang libclang-rt-14-dev
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# The benchmarks are no tests: leave them out of this build. -O1 -g1 (line tables, enough for
# the sanitizers' reports) compiles xtensor's templates much faster than -O2 -g.
CC=clang CXX=clang++ cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS=-Werror -DXGRAD_SANITIZE=ON \
  -DXGRAD_BUILD_BENCHMARKS=OFF -DXGRAD_DISTRIBUTED=OFF -DXGRAD_UNITY_BUILD=ON >/dev/null
cmake --build build-sanitize -j "$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=$PWD/tests/ubsan.supp
# The tests may use every core: in CI the other lane is done or nearly done by then.
ctest --test-dir build-sanitize --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"
