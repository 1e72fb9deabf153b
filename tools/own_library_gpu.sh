#!/usr/bin/env bash
# One device call for issue 20's experiment: bench the shipped CMU MoMask pack
# on a carved "studio library" (tools/carve_library.py, then `data build
# --from ... --name studio1h` and `data pack --build studio1h --out
# .carry/studio1h` on this machine), fine-tune it on the library's training
# split with `library train`, and bench again; hands back the pack and both
# benches.
#   tools/own_library_gpu.sh PACK NAME MINUTES_PER_STAGE REPEATS
# e.g. tools/own_library_gpu.sh .carry/studio1h studio1h 2 5   (carry .carry/studio1h)
set -uo pipefail
py=${PYTHON:-python3}
pack=$1 name=$2 minutes=$3 repeats=$4
log=$OUT/run.log
nvidia-smi --query-gpu=name --format=csv,noheader >> $log
models=/tmp/own-models
$py -m backend bench --build $pack --generators sanity_real,momask_cmu --repeats $repeats --mm-repeats 0 --task-repeats 1 --no-speed >> $log 2>&1
cp bench/results.json $OUT/bench-before.json
$py -m backend library train --build $pack --models $models --name $name --base cmu --steps 100000 --minutes $minutes --batch 256 >> $log 2>&1
$py -m backend bench --build $pack --models $models --generators sanity_real,momask_cmu,momask_$name --repeats $repeats --mm-repeats 0 --task-repeats 1 --no-speed >> $log 2>&1
cp bench/results.json $OUT/bench-after.json
mkdir -p $OUT/$name && cp $models/momask/$name/* $OUT/$name/
cat $models/.work/momask-$name/run/*_run/log.jsonl > $OUT/curves.jsonl 2>/dev/null
tail -c 4000 $log
