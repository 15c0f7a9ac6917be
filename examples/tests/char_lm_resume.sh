#!/bin/bash
# char_lm_resume.sh CHAR_LM WORKDIR CELL: a run interrupted at step 10 and resumed from its
# checkpoint ends with the same losses as the same run left alone.
set -eu
char_lm=$1 dir=$2/resume_$3
mkdir -p "$dir"
rm -f "$dir"/ck.safetensors*
flags=(--steps 20 --cell "$3" --layers 2 --hidden 32 --seq 32 --eval-every 5 --svg "" --quiet --require-fall 0)
whole=$("$char_lm" "${flags[@]}" | tail -1 | sed 's/ seconds=.*//')
"$char_lm" "${flags[@]}" --stop-after 10 --checkpoint "$dir/ck.safetensors" --checkpoint-every 5 >/dev/null
resumed=$("$char_lm" "${flags[@]}" --resume "$dir/ck.safetensors" | tail -1 | sed 's/ seconds=.*//')
echo "uninterrupted: $whole"
echo "resumed:       $resumed"
[ "$whole" = "$resumed" ]
