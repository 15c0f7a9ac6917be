#!/usr/bin/env bash
# Installs the Debian 12 packages xgrad builds with, when any is missing, plus any package named
# as an argument (bash scripts/setup.sh clang libclang-rt-14-dev).
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail

# python3 (the interpreter alone, no modules beyond its standard library) runs the examples'
# plot checks and the PyTorch comparisons, which skip themselves without python3-torch.
packages=(cmake g++ make xtensor-dev xtl-dev libxsimd-dev libxtensor-blas-dev libopenblas-dev
          doctest-dev libbenchmark-dev nlohmann-json3-dev pkg-config python3 "$@")

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "xgrad needs these Debian packages: ${missing[*]}" >&2
  echo "Install them as root, then run this again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
echo "Installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
