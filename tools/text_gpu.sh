#!/bin/bash
# GPU chunks of the "prompts in the artist's own words" work (issue 13), run
# through the device tool from the repository root. State lives in /tmp/t2m on
# the device machine, so `bench` must follow `train` while the machine is warm.
#
#   tools/text_gpu.sh train PACK TOKENIZER MINUTES
#       evaluator (6,000 steps) and MoMask's text stages (length, masked,
#       residual; each time-boxed to MINUTES, validation curve every 1,000
#       steps) in parallel on PACK, MoMask starting from TOKENIZER (a
#       safetensors file with a trained tokenizer and its mean / std).
#       $OUT: evaluator.safetensors, the MoMask pack's shards, meta.tar.gz
#       (JSONs, logs, curves).
#   tools/text_gpu.sh momask PACK TOKENIZER MINUTES [LENGTH MASKED RESIDUAL steps]
#       MoMask's text stages alone, no evaluator beside them.
#   tools/text_gpu.sh speed TEST_PACK
#       BAMM speed rows (eager and fast path): this commit, the baseline
#       loops, this commit again (the last run's rows are the ones kept).
#   tools/text_gpu.sh bench TEST_PACK REPEATS [ROWS]
#       the new evaluator replaces the shipped one (in this copy of the tree),
#       the new MoMask pack is installed as momask/aug under /tmp/t2m/models;
#       bench of ROWS (default momask,momask_aug) on TEST_PACK. $OUT: results
#       and log.
set -euo pipefail
mode=$1
W=/tmp/t2m
mkdir -p "$W" "${OUT:-$W/out}"
OUT=${OUT:-$W/out}
nvidia-smi --query-gpu=name --format=csv,noheader | tee "$W/gpu.txt"

if [ "$mode" = train ]; then
    pack=$2 tokenizer=$3 minutes=$4
    python -m backend eval train --pack "$pack" --out "$W/eval" --steps 6000 --recogniser-steps 300 > "$W/eval.log" 2>&1 &
    eval_pid=$!
    python -m backend momask train --pack "$pack" --out "$W/momask" --stages length,masked,residual \
        --length-steps 3000 --masked-steps 15000 --residual-steps 7000 --minutes "$minutes" --init "$tokenizer" > "$W/momask.log" 2>&1 || echo "momask failed" >> "$W/momask.log"
    wait $eval_pid || echo "eval failed" >> "$W/eval.log"
    cp "$W/eval/weights/evaluator.safetensors" "$OUT/" 2>/dev/null || true
    cp "$W"/momask/weights/momask-*.safetensors "$OUT/" 2>/dev/null || true
    tar czf "$OUT/meta.tar.gz" -C "$W" eval.log momask.log gpu.txt \
        $(cd "$W" && ls eval/weights/*.json momask/weights/*.json eval/*_run/*.jsonl momask/*_run/*.jsonl eval/*.json momask/*.json 2>/dev/null) || true
    tail -n 5 "$W/eval.log" "$W/momask.log"
elif [ "$mode" = momask ]; then
    # MoMask's text stages alone (the GPU to itself): LENGTH_STEPS MASKED_STEPS RESIDUAL_STEPS.
    pack=$2 tokenizer=$3 minutes=$4
    python -m backend momask train --pack "$pack" --out "$W/momask" --stages length,masked,residual \
        --length-steps "${5:-1000}" --masked-steps "${6:-15000}" --residual-steps "${7:-7000}" --minutes "$minutes" --init "$tokenizer" > "$W/momask.log" 2>&1 || echo "momask failed" >> "$W/momask.log"
    cp "$W"/momask/weights/momask-*.safetensors "$OUT/" 2>/dev/null || true
    tar czf "$OUT/meta.tar.gz" -C "$W" momask.log gpu.txt $(cd "$W" && ls momask/weights/*.json momask/*_run/*.jsonl 2>/dev/null) || true
    tail -n 5 "$W/momask.log"
elif [ "$mode" = bench ]; then
    test_pack=$2 repeats=$3 rows=${4:-momask,momask_aug}
    cp "$W/eval/weights/evaluator.safetensors" "$W/eval/weights/evaluator.json" backend/assets/evaluator/
    mkdir -p "$W/models/momask"
    rm -rf "$W/models/momask/aug" && cp -r "$W/momask/weights" "$W/models/momask/aug"
    python -m backend bench --build "$test_pack" --generators "$rows" --repeats "$repeats" --mm-repeats "$repeats" \
        --models "$W/models" --device cuda --no-speed 2>&1 | tee "$W/bench.log" | tail -40
    cp bench/results.json bench/RESULTS.md "$W/bench.log" "$OUT/"
elif [ "$mode" = speed ]; then
    # BAMM's GPU speed on the product's path: the sampling loops of this
    # commit, then (baseline) those of 40ccf60 patched in by
    # .carry/baseline/speed_old.py, on the same warm machine.
    test_pack=$2
    python -m backend bench --build "$test_pack" --generators bamm --no-quality --compile --device cuda 2>&1 | tee "$W/speed-new.log" | tail -8
    python .carry/baseline/speed_old.py bench --build "$test_pack" --generators bamm --no-quality --compile --device cuda 2>&1 | tee "$W/speed-old.log" | tail -8
    python -m backend bench --build "$test_pack" --generators bamm --no-quality --compile --device cuda 2>&1 | tee "$W/speed-new2.log" | tail -8
    cp "$W"/speed-*.log bench/results.json "$OUT/"
else
    echo "usage: $0 train PACK TOKENIZER MINUTES | bench TEST_PACK REPEATS [ROWS]" >&2
    exit 2
fi
