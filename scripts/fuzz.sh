#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (AddressSanitizer + UndefinedBehavior-
# Sanitizer) in ./build-fuzz and runs each for FUZZ_SECONDS (default 60), both at once, starting
# from a scratch copy of its seed corpus in tests/fuzz/corpus. Fails on any finding and prints
# the command that reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh clang libclang-rt-14-dev
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
seconds=${FUZZ_SECONDS:-60}
targets=(fuzz_safetensors fuzz_op_shapes)
declare -A max_len=([fuzz_safetensors]=16384 [fuzz_op_shapes]=512)

# Line tables are all a sanitizer report needs, and build faster than full debug information.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" -DXGRAD_FUZZ=ON \
  -DXGRAD_BUILD_TESTS=OFF -DXGRAD_BUILD_EXAMPLES=OFF -DXGRAD_BUILD_BENCHMARKS=OFF \
  -DXGRAD_INSTALL=OFF -DXGRAD_UNITY_BUILD=ON >/dev/null
cmake --build build-fuzz -j "$jobs" --target "${targets[@]}"

# The fuzzers add inputs to their corpus as they go; the committed seeds stay as they are.
work=$(mktemp -d "${TMPDIR:-/tmp}/xgrad-fuzz.XXXXXX")
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT  # stop the fuzzers if this script is stopped
export OPENBLAS_NUM_THREADS=1
declare -A pids
for target in "${targets[@]}"; do
  mkdir -p "$work/$target/corpus"
  cp tests/fuzz/corpus/"$target"/* "$work/$target/corpus/"
  build-fuzz/tests/fuzz/"$target" "$work/$target/corpus" -max_total_time="$seconds" \
    -max_len="${max_len[$target]}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/$target/" >"$work/$target/log" 2>&1 &
  pids[$target]=$!
done

failed=0
for target in "${targets[@]}"; do
  status=0
  wait "${pids[$target]}" || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target/log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$target/log")
  reproducers=$(find "$work/$target" -maxdepth 1 -type f \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \))
  if [ "$status" -eq 0 ] && [ -z "$reproducers" ]; then
    echo "$target: ${runs:-?} inputs in ${seconds}s (${speed:-?}/s), no findings"
    continue
  fi
  failed=1
  tail -n 60 "$work/$target/log" >&2
  if [ -z "$reproducers" ]; then
    echo "$target FAILED (exit status $status) without saving an input: see $work/$target/log" >&2
    continue
  fi
  echo "$target FAILED (exit status $status). Reproduce with:" >&2
  for input in $reproducers; do echo "  build-fuzz/tests/fuzz/$target $input" >&2; done
done
if [ "$failed" -ne 0 ]; then
  echo "Logs and inputs kept in $work" >&2
  exit 1
fi
rm -rf "$work"
