#!/usr/bin/env bash
# Builds and runs the demo: a GRUCell + Linear model learns to predict noisy sine waves
# (SGD with momentum), shows its loss falling, and writes sine.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh sine
./build/examples/sine "$@"
