#!/usr/bin/env bash
# Builds everything and runs the whole test suite under ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "${JOBS:-$(nproc 2>/dev/null || echo 2)}"
