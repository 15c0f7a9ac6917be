#!/bin/bash
# expect_error.sh REGEX COMMAND...: passes when COMMAND exits non-zero and writes exactly one
# line to stderr, matching REGEX (grep -E).
regex=$1
shift
stderr=$("$@" 2>&1 >/dev/null)
status=$?
echo "exit $status, stderr: $stderr"
[ "$status" -ne 0 ] || { echo "FAIL: expected a non-zero exit"; exit 1; }
[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || { echo "FAIL: expected one line on stderr"; exit 1; }
printf '%s\n' "$stderr" | grep -Eq -- "$regex" || { echo "FAIL: stderr does not match: $regex"; exit 1; }
