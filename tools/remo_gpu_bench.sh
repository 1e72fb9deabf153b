#!/usr/bin/env bash
# One device call: tune ReMoDiffuse's mixture on the validation split
# (tools/sampling_sweep.py --write: the winner becomes the pack's defaults),
# then bench it on the test split with the current evaluator, and hand back
# the sweep, the pack JSON and bench/results.json + RESULTS.md.
#   tools/remo_gpu_bench.sh MODELS VAL_PACK TEST_PACK REPEATS MM_REPEATS [EXTRA_ROWS]
# MODELS holds remodiffuse/default (weights + database); EXTRA_ROWS run after
# (the FID floors sanity_random_train and sanity_retrieval need the training
# split, which a test-only pack lacks: bench them on the CPU with the full pack)
# the main rows with 5 repeats and 1 task repeat while time remains.
set -uo pipefail
py=${PYTHON:-python3}
models=$1 val=$2 test=$3 repeats=$4 mm=$5 extra=${6:-}
log=$OUT/run.log
nvidia-smi --query-gpu=name --format=csv,noheader >> $log
timeout ${SWEEP_SECONDS:-900} $py tools/sampling_sweep.py --generator remodiffuse --models $models --build $val --repeats 1 --write --out $OUT/sweep-val.json >> $log 2>&1
cp $models/remodiffuse/default/remodiffuse.json $OUT/
$py -m backend bench --build $test --models $models --repeats $repeats --mm-repeats $mm --compile \
  --generators ${ROWS:-sanity_real,remodiffuse,remodiffuse_noretrieval,remodiffuse_steps10} >> $log 2>&1
cp bench/results.json bench/RESULTS.md $OUT/
if [ -n "$extra" ]; then
  timeout ${EXTRA_SECONDS:-200} $py -m backend bench --build $test --models $models --repeats 5 --mm-repeats 0 --task-repeats 1 --no-speed \
    --generators $extra >> $log 2>&1 && cp bench/results.json bench/RESULTS.md $OUT/
fi
tail -c 6000 $log
