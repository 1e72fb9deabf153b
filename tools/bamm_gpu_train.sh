#!/usr/bin/env bash
# One device call: train BAMM's base transformer (default pack, then CMU
# pack) for a fixed number of steps each (the cosine schedule ends at the
# validation minimum found by an earlier, longer run: runs/bamm-2026-12-05),
# assemble the default pack there and benchmark it; results in $OUT.
# Usage: tools/bamm_gpu_train.sh <steps default> <steps cmu> <bench rows>
set -uo pipefail
py=${PYTHON:-python3}
started=$(date +%s)
mkdir -p $OUT/logs
nvidia-smi --query-gpu=name --format=csv,noheader > $OUT/logs/device.txt
cp .carry/bamm-tokens/caption_embeddings.npz .carry/bamm-tokens-cmu/ 2>/dev/null || true
train() {  # name tokens steps
  local run=/tmp/bamm-$1
  $py -m backend bamm train --tokens "$2" --out $run --steps $3 --validate-every 250 > $OUT/logs/$1-report.json 2> >(tr '\r' '\n' | grep -v '^$' > $OUT/logs/$1-train.log)
  mkdir -p $OUT/$1
  cp $run/base/bamm-base-00000.safetensors $OUT/$1/
  cp $run/base/base.json $OUT/logs/$1-base.json
  cp $run/base_run/log.jsonl $OUT/logs/$1-log.jsonl
}
train default .carry/bamm-tokens $1
train cmu .carry/bamm-tokens-cmu $2
$py -m backend bamm pack --run /tmp/bamm-default --tokens .carry/bamm-tokens --out /tmp/models/bamm/default > $OUT/logs/pack.json 2>&1
left=$(( 570 - ($(date +%s) - started) ))
echo "bench budget ${left}s" >> $OUT/logs/steps.txt
timeout $left $py -m backend bench --build .carry/labels-test --generators $3 --repeats 20 --mm-repeats 20 --task-repeats 1 --compile --models /tmp/models > $OUT/logs/bench.log 2>&1
echo "bench rc $?" >> $OUT/logs/steps.txt
cp bench/results.json $OUT/logs/
tar czf $OUT/logs.tgz -C $OUT logs && rm -rf $OUT/logs
