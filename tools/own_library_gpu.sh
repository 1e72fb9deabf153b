#!/usr/bin/env bash
# One device call for issue 20's experiment: for each carved "studio library"
# (tools/carve_library.py, then `data build --from ... --name NAME` and
# `data pack --build NAME --out .carry/NAME` on this machine; carry each
# .carry/NAME), bench the shipped CMU MoMask pack on the library's test split,
# fine-tune it on the library's training split with `library train` (each
# stage ends on its lowest-validation-loss weights), and bench again. Hands
# back both benches, the curves and the model card of each library (not the
# packs: a call returns at most 8 files).
#   tools/own_library_gpu.sh 'NAME ...' MINUTES_PER_STAGE REPEATS
# e.g. tools/own_library_gpu.sh 'studio1h studio30m' 2 5   (carry .carry/studio1h .carry/studio30m)
set -uo pipefail
py=${PYTHON:-python3}
names=$1 minutes=$2 repeats=$3
log=$OUT/run.log
nvidia-smi --query-gpu=name --format=csv,noheader >> $log
models=/tmp/own-models
for name in $names; do
  pack=.carry/$name
  echo "=== $name" >> $log
  $py -m backend bench --build $pack --generators sanity_real,momask_cmu --repeats $repeats --mm-repeats 0 --task-repeats 1 --no-speed >> $log 2>&1
  cp bench/results.json /tmp/$name-before.json
  $py -m backend library train --build $pack --models $models --name $name --base cmu --steps 100000 --minutes $minutes --batch 256 >> $log 2>&1
  $py -m backend bench --build $pack --models $models --generators sanity_real,momask_cmu,momask_$name --repeats $repeats --mm-repeats 0 --task-repeats 1 --no-speed >> $log 2>&1
  cp bench/results.json /tmp/$name-after.json
  cp $models/momask/$name/MODEL_CARD.md /tmp/$name-MODEL_CARD.md
  for s in masked residual; do sed "s/^{/{\"library\": \"$name\", \"stage\": \"$s\", /" $models/.work/momask-$name/run/${s}_run/log.jsonl; done >> /tmp/own-curves.jsonl 2>/dev/null
  (cd /tmp && tar czf $OUT/own-library.tar.gz *-before.json *-after.json *-MODEL_CARD.md own-curves.jsonl)  # after each library: a call cut short keeps what finished
done
tail -c 4000 $log
