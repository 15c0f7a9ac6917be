#!/usr/bin/env bash
# Installs what is missing, then configures and builds xgrad (Release) in ./build.
# Extra arguments are build targets (default: everything).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
if [ $# -eq 0 ]; then
  cmake --build build -j "$jobs"
else
  for target in "$@"; do cmake --build build -j "$jobs" --target "$target"; done
fi
