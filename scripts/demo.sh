#!/usr/bin/env bash
# Builds and runs the demo: a toy model trained with xgrad's autograd.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh fit_line
./build/examples/fit_line "$@"
