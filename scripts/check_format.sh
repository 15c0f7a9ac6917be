#!/usr/bin/env bash
# Checks that every tracked C++ file (*.cpp, *.hpp) is formatted as .clang-format says; fails with
# the list of those that are not. `clang-format -i FILE` formats one; `git clang-format` formats
# only the lines a commit changes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh clang-format
listing=$(git ls-files -- '*.cpp' '*.hpp')
mapfile -t files <<<"$listing"
status=0
report=$(clang-format --dry-run --Werror "${files[@]}" 2>&1) || status=$?
[ "$status" -eq 0 ] && { echo "check_format: ${#files[@]} files formatted"; exit 0; }

unformatted=$(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' <<<"$report" | sort -u)
if [ -z "$unformatted" ]; then
  echo "$report" >&2
  echo "check_format: clang-format failed (exit status $status)" >&2
  exit 1
fi
echo "check_format: $(wc -l <<<"$unformatted") of ${#files[@]} files are not formatted as .clang-format says:" >&2
sed 's/^/  /' <<<"$unformatted" >&2
exit 1
