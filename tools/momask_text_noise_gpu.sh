#!/bin/bash
# MoMask's text stages from the shipped tokenizer with text noise (issue 13); returns the pack (~37 MB).
#   tools/momask_text_noise_gpu.sh NOISE MINUTES_PER_STAGE   (one device call; carry .carry/labels and .carry/mmtok, the shipped
#   tokenizer + mean/std as one safetensors file: keys tokenizer.*, mean, std of backend/assets/momask/default)
set -x
n=${1:-0.8} m=${2:-3}
python3 -m backend momask train --pack .carry/labels --out /tmp/mm$n --init .carry/mmtok/tokenizer.safetensors \
  --stages length,masked,residual --length-steps 2000 --masked-steps 100000 --residual-steps 100000 --minutes $m \
  --text-noise $n > $OUT/train-noise$n.log 2>&1
mkdir -p $OUT/mm$n && cp /tmp/mm$n/weights/* $OUT/mm$n/ && cat /tmp/mm$n/*_run/log.jsonl > $OUT/curves-noise$n.jsonl
ls -la $OUT/*; tail -c 3000 $OUT/train-noise$n.log
