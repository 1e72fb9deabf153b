#!/bin/bash
# Issue 13: MoMask length+masked+residual from the shipped tokenizer, text noise 0.8 and 0.0 side by side on one GPU.
#   bash .carry/scripts/mm_pair.sh MINUTES_PER_STAGE   (carry .carry/labels .carry/mmtok .carry/scripts)
export T2M_COMMIT=0261c153153d71199619d842034d67cc09cac088
m=${1:-3}
nvidia-smi --query-gpu=name --format=csv,noheader
for n in 0.8 0.0; do
  python3 -m backend momask train --pack .carry/labels --out /tmp/mm$n --init .carry/mmtok/tokenizer.safetensors \
    --stages length,masked,residual --length-steps 3000 --masked-steps 100000 --residual-steps 100000 --minutes $m \
    --text-noise $n > /tmp/train-noise$n.log 2>&1 &
done
wait
for n in 0.8 0.0; do
  python3 .carry/scripts/mm_split.py /tmp/mm$n/weights $OUT n$n
  mkdir -p /tmp/t$n && cp /tmp/mm$n/weights/momask.json /tmp/train-noise$n.log /tmp/t$n/ && cat /tmp/mm$n/*_run/log.jsonl > /tmp/t$n/curves.jsonl
  tar czf $OUT/n$n-meta.tgz -C /tmp/t$n .
  tail -c 1500 /tmp/train-noise$n.log
done
ls -la $OUT
