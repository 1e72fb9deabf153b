#!/bin/bash
# MoMask's text stages (length, masked, residual) retrained from the shipped tokenizer, each stage a whole cosine
# schedule planned to fit BOX minutes (--*-steps 0: the rate is timed first, so the schedule ends decayed inside the
# box; the shipped masked transformer had 1.7 min, issue 13's "train until the validation curve flattens"). One
# device call of about 3 x BOX + 1 min; the trained tensors come back without the tokenizer, in parts under 16 MB
# (tools/mm_split.py), with the pack JSON, the log and the validation curves (TAG-meta.tgz); join them with
#   python tools/mm_join.py RETURN_DIR TAG OUT_PACK
# Before the call: python tools/mm_tokenizer.py (writes .carry/mmtok) and the labels carry pack
# (python -m backend data pack --build labels --out .carry/labels --splits train,val); carry .carry/labels and
# .carry/mmtok. Usage: BOX=2.8 tools/momask_gpu_train.sh [TAG] [extra momask-train arguments, e.g. --sources cmu]
tag=${1:-long}
shift
python3 -m backend momask train --pack .carry/labels --out /tmp/mm$tag --init .carry/mmtok/tokenizer.safetensors \
  --stages length,masked,residual --length-steps 0 --masked-steps 0 --residual-steps 0 --minutes ${BOX:-2.8} "$@" \
  > /tmp/train-$tag.log 2>&1
rc=$?
python3 tools/mm_split.py /tmp/mm$tag/weights $OUT $tag
mkdir -p /tmp/t$tag && cp /tmp/mm$tag/weights/momask.json /tmp/train-$tag.log /tmp/t$tag/ && cat /tmp/mm$tag/*_run/log.jsonl > /tmp/t$tag/curves.jsonl
tar czf $OUT/$tag-meta.tgz -C /tmp/t$tag .
tail -c 2500 /tmp/train-$tag.log | tr '\r' '\n' | tail -30; ls -la $OUT
exit $rc
