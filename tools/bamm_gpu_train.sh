#!/usr/bin/env bash
# One device call: train BAMM's base transformer (default pack, then CMU
# pack) for a fixed number of steps each (the cosine schedule ends near the
# validation minimum of an earlier, longer run: runs/bamm-2026-12-05),
# assemble the default pack there and benchmark it. Everything lands in
# $OUT as soon as it exists (a call cut short still returns it).
# Usage: tools/bamm_gpu_train.sh <steps default> <steps cmu> <bench rows> <seconds for all>
set -uo pipefail
py=${PYTHON:-python3}
started=$(date +%s)
log=$OUT/run.log
nvidia-smi --query-gpu=name --format=csv,noheader >> $log
cp .carry/bamm-tokens/caption_embeddings.npz .carry/bamm-tokens-cmu/ 2>/dev/null || true
train() {  # name tokens steps
  local run=/tmp/bamm-$1
  echo "== train $1 $3 steps" >> $log
  $py -m backend bamm train --tokens "$2" --out $run --steps $3 --validate-every 250 2>&1 | tr '\r' '\n' | grep -v '^$' | grep -v "^\[.*lr " >> $log
  mkdir -p $OUT/$1
  cp $run/base/bamm-base-00000.safetensors $OUT/$1/
  cp $run/base/base.json $OUT/$1-base.json
  sed "s/^{/{\"pack\": \"$1\", /" $run/base_run/log.jsonl >> $OUT/curves.jsonl
}
train default .carry/bamm-tokens $1
train cmu .carry/bamm-tokens-cmu $2
$py -m backend bamm pack --run /tmp/bamm-default --tokens .carry/bamm-tokens --out /tmp/models/bamm/default >> $log 2>&1
left=$(( $4 - ($(date +%s) - started) ))
echo "== bench $3 for ${left}s" >> $log
timeout $left $py -m backend bench --build .carry/labels-test --generators $3 --repeats 20 --mm-repeats 20 --task-repeats 1 --compile --models /tmp/models >> $log 2>&1
echo "bench rc $?" >> $log
cp bench/results.json $OUT/
