#!/usr/bin/env bash
# One device call: train BAMM's base transformer for the default pack, then
# the CMU pack, each for a time budget given in minutes; results in $OUT.
# Steps are set from a timed 200-step probe so the cosine schedule ends
# inside the budget (a time box that cuts the schedule short leaves the
# learning rate high). Usage: tools/bamm_gpu_train.sh <minutes default> <minutes cmu>
set -euo pipefail
py=${PYTHON:-python3}
train() {  # name tokens minutes
  local name=$1 tokens=$2 minutes=$3 run=/tmp/bamm-$1
  rm -rf /tmp/probe-$name
  $py -m backend bamm train --tokens "$tokens" --out /tmp/probe-$name --steps 200 --validate-every 0 > /tmp/probe-$name.json 2>/dev/null
  local steps=$($py -c "import json; m = json.load(open('/tmp/probe-$name.json'))['base']['minutes']; print(int(($minutes - 0.25) / (m / 200) // 500 * 500))")
  echo "$name: 200 probe steps in $($py -c "import json; print(round(json.load(open('/tmp/probe-$name.json'))['base']['minutes'] * 60, 1))") s -> $steps steps in $minutes min" | tee -a $OUT/steps.txt
  $py -m backend bamm train --tokens "$tokens" --out $run --steps $steps --validate-every 500 --minutes $minutes > $OUT/$name-report.json 2> >(tr '\r' '\n' | grep -v '^$' > $OUT/$name-train.log)
  mkdir -p $OUT/$name
  cp $run/base/* $OUT/$name/
  cp $run/base_run/log.jsonl $OUT/$name/log.jsonl
}
nvidia-smi --query-gpu=name --format=csv,noheader > $OUT/device.txt
train default .carry/bamm-tokens "$1"
train cmu .carry/bamm-tokens-cmu "$2"
