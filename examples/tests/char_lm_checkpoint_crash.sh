#!/bin/bash
# char_lm_checkpoint_crash.sh CHAR_LM WORKDIR: a run that dies while writing a checkpoint (after
# PATH.tmp, before the rename) leaves the previous checkpoint whole: resuming from it works.
set -u
char_lm=$1 dir=$2/crash
mkdir -p "$dir"
rm -f "$dir"/ck.safetensors*
flags=(--steps 10 --hidden 32 --seq 32 --svg "" --quiet --require-fall 0 --checkpoint "$dir/ck.safetensors"
       --checkpoint-every 5)
"$char_lm" "${flags[@]}" --stop-after 5 >/dev/null || exit 1
before=$(md5sum < "$dir/ck.safetensors")
XGRAD_EXAMPLES_CRASH_AFTER_TMP=1 "$char_lm" "${flags[@]}" --resume "$dir/ck.safetensors" \
  >/dev/null 2>&1 && { echo "FAIL: the run did not crash"; exit 1; }
[ -f "$dir/ck.safetensors.tmp" ] || { echo "FAIL: no ck.safetensors.tmp was written"; exit 1; }
[ "$before" = "$(md5sum < "$dir/ck.safetensors")" ] || { echo "FAIL: the checkpoint changed"; exit 1; }
"$char_lm" "${flags[@]}" --resume "$dir/ck.safetensors" | tail -1 | grep -q '^final: step=10 ' ||
  { echo "FAIL: resuming from the previous checkpoint failed"; exit 1; }
echo "the previous checkpoint survived the crash and resumes"
