#!/usr/bin/env bash
# One device call: train ReMoDiffuse packs side by side on one GPU from
# .carry/labels, then hand back each pack's weights and JSON (not its
# retrieval database: `python -m backend remodiffuse database` rebuilds it
# here, bit for bit, from the same carry pack) plus curves and logs.
#   tools/remo_gpu_train.sh LENGTH_MIN DENOISER_MIN DENOISER_STEPS 'name:sources;...'
# DENOISER_STEPS 0: as many as fit DENOISER_MIN (a first chunk); N: go on to
# step N (a later chunk on the still-warm machine resumes /tmp/remo/<name>,
# optimizer included). LENGTH_MIN 0 skips the length stage. A run starts
# from .carry/remo-<name>/weights when that folder was carried (a cold machine).
set -uo pipefail
py=${PYTHON:-python3}
log=$OUT/run.log
nvidia-smi --query-gpu=name --format=csv,noheader >> $log
length=$1 minutes=$2 steps=$3
IFS=';' read -ra runs <<< "$4"
stages=length,denoiser; [ "$length" = 0 ] && stages=denoiser
for spec in "${runs[@]}"; do
  IFS=':' read -r name sources <<< "$spec"
  run=/tmp/remo/$name
  mkdir -p $run
  [ -d .carry/remo-$name/weights ] && [ ! -d $run/weights ] && cp -r .carry/remo-$name/weights $run/
  src=""; [ "$sources" != all ] && src="--sources $sources"
  ( $py -m backend remodiffuse train --pack .carry/labels --out $run $src --batch 128 --validate-every 500 --stages $stages \
      --length-steps 0 --length-minutes $length --denoiser-steps $steps --denoiser-minutes $minutes \
      2>&1 | tr '\r' '\n' | grep -v '^$' | grep -v "^\[.*lr " >> $run/train.log ) &
  pids="${pids:-} $!"
done
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv -l 30 > /tmp/remo-gpu-util.csv 2>&1 &
monitor=$!
wait $pids
kill $monitor 2>/dev/null
cat /tmp/remo-gpu-util.csv >> $log
cd /tmp/remo
for d in */; do n=${d%/}; cat $n/*_run/log.jsonl 2>/dev/null | sed "s/^{/{\"pack\": \"$n\", /" >> $OUT/curves.jsonl; tail -c 20000 $n/train.log >> $log; done
for spec in "${runs[@]}"; do
  n=${spec%%:*}; mkdir -p $OUT/$n && cp $n/weights/remodiffuse* $OUT/$n/
done
ls -laR $OUT >> $log
