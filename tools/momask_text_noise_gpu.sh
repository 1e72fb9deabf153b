#!/bin/bash
# MoMask's text stages retrained from the shipped tokenizer with --text-noise (issue 13), with the shipped pack's
# step counts (length 3000, masked 10000, residual 8000: full cosine schedules; a larger --*-steps with --minutes
# stops a schedule early at an undecayed rate, as the first try on 2026-12-08 did). One device call (~6 min on an
# H100); the trained tensors come back without the tokenizer, in parts under 16 MB (tools/mm_split.py):
#   tools/momask_text_noise_gpu.sh NOISE   (carry .carry/labels and .carry/mmtok: the shipped tokenizer + mean/std
#   as one safetensors file, keys tokenizer.*, mean, std of backend/assets/momask/default)
n=${1:-0.8}
python3 -m backend momask train --pack .carry/labels --out /tmp/mm$n --init .carry/mmtok/tokenizer.safetensors \
  --stages length,masked,residual --length-steps 3000 --masked-steps 10000 --residual-steps 8000 --minutes ${BOX:-3.6} \
  --text-noise $n > /tmp/train-noise$n.log 2>&1
python3 tools/mm_split.py /tmp/mm$n/weights $OUT n$n
mkdir -p /tmp/t$n && cp /tmp/mm$n/weights/momask.json /tmp/train-noise$n.log /tmp/t$n/ && cat /tmp/mm$n/*_run/log.jsonl > /tmp/t$n/curves.jsonl
tar czf $OUT/n$n-meta.tgz -C /tmp/t$n .
tail -c 2500 /tmp/train-noise$n.log; ls -la $OUT
