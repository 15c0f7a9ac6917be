#!/usr/bin/env bash
# Builds the library, tests and examples with clang (Release, benchmarks off) in ./build-clang,
# warnings as errors, and runs the whole suite there, as scripts/test.sh does with g++.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh clang
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
CC=clang CXX=clang++ cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-Werror \
  -DXGRAD_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-clang -j "$jobs"
ctest --test-dir build-clang --output-on-failure -j "$jobs"
