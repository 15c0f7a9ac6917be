#!/usr/bin/env bash
# Builds the benchmarks (Release) and runs them, writing benchmarks/results.json and printing
# the tables for benchmarks/RESULTS.md (scripts/bench_report.py). Both frameworks run with their
# default threads in the same binary; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh xgrad_benchmarks
# OpenBLAS 0.3.21 mis-detects newer CPUs and falls back to slow generic kernels (about 2x slower
# sgemm here); name the core type the CPU's instruction set supports unless the caller chose one.
if [[ -z "${OPENBLAS_CORETYPE:-}" ]]; then
  if grep -qw avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX
  elif grep -qw avx2 /proc/cpuinfo; then export OPENBLAS_CORETYPE=Haswell; fi
fi
./build/benchmarks/xgrad_benchmarks --benchmark_min_time="${MIN_TIME:-0.5}" --benchmark_repetitions="${REPETITIONS:-3}" \
  --benchmark_report_aggregates_only=true --benchmark_out=benchmarks/results.json --benchmark_out_format=json "$@"
python3 scripts/bench_report.py benchmarks/results.json
