#!/bin/bash
# char_lm_bad_checkpoint.sh CHAR_LM WORKDIR corrupt|mismatched: --resume with a corrupt file, or
# with a checkpoint of another model size, fails with one clear line naming the file.
set -u
char_lm=$1 dir=$2/bad_checkpoint_$3 here=$(dirname "$0")
mkdir -p "$dir"
flags=(--steps 4 --seq 32 --svg "" --quiet --require-fall 0)
if [ "$3" = corrupt ]; then
  printf 'this is not a safetensors file' > "$dir/ck.safetensors"
  exec "$here/expect_error.sh" "^char_lm: --resume $dir/ck.safetensors: not a readable safetensors checkpoint" \
    "$char_lm" "${flags[@]}" --hidden 32 --resume "$dir/ck.safetensors"
fi
"$char_lm" "${flags[@]}" --hidden 32 --checkpoint "$dir/ck.safetensors" >/dev/null || exit 1
exec "$here/expect_error.sh" "^char_lm: --resume $dir/ck.safetensors: the checkpoint was made with hidden=32, this run has hidden=48" \
  "$char_lm" "${flags[@]}" --hidden 48 --resume "$dir/ck.safetensors"
