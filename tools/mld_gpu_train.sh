#!/usr/bin/env bash
# One device call: train MLD packs side by side on one GPU, each stage given
# a time box (its steps planned from a timed first stretch), then hand the
# packs back as they are ($OUT/<name>/mld-*.safetensors + mld.json) while
# they fit what a call returns (8 files, 64 MiB in all: one 36 MB pack plus
# the logs); the others stay in /tmp/mld/<name>/weights for a follow-up call
# on the still-warm machine (run.log names them; a lost tar piece cost a pack
# once). Runs: "<name>:<sources or all>:<extra train args>"
# separated by ";", e.g.
#   tools/mld_gpu_train.sh 3.5 0.25 3.0 1.5 'default:all:;cmu:cmu:;latent2:all:--latent-tokens 2 --no-student --stages vae,denoiser'
# A run resumes from .carry/mld-<name>/weights when that folder was carried.
set -uo pipefail
py=${PYTHON:-python3}
pack=${PACK:-.carry/labels}  # a carry pack; a later call on the warm machine may name a copy kept in .cache
log=$OUT/run.log
nvidia-smi --query-gpu=name --format=csv,noheader >> $log
vae=$1 length=$2 denoiser=$3 consistency=$4
IFS=';' read -ra runs <<< "$5"
for spec in "${runs[@]}"; do
  IFS=':' read -r name sources extra <<< "$spec"
  run=/tmp/mld/$name
  mkdir -p $run
  [ -d .carry/mld-$name/weights ] && [ ! -d $run/weights ] && cp -r .carry/mld-$name/weights $run/
  src=""; [ "$sources" != all ] && src="--sources $sources"
  ( $py -m backend mld train --pack $pack --out $run $src --batch 256 --validate-every 250 \
      --vae-steps 0 --vae-minutes $vae --length-steps 0 --length-minutes $length \
      --denoiser-steps 0 --denoiser-minutes $denoiser --consistency-steps 0 --consistency-minutes $consistency $extra \
      2>&1 | tr '\r' '\n' | grep -v '^$' | grep -v "^\[.*lr " > $run/train.log ) &
done
wait
cd /tmp/mld
for d in */; do n=${d%/}; cat $n/*_run/log.jsonl 2>/dev/null | sed "s/^{/{\"pack\": \"$n\", /" >> $OUT/curves.jsonl; done
cat */train.log > $OUT/train.log
files=3 bytes=$(du -cb $OUT/* | tail -1 | cut -f1)
for spec in "${runs[@]}"; do  # in the order given: the first run's pack comes back first
  n=${spec%%:*}; size=$(du -cb $n/weights/* | tail -1 | cut -f1); count=$(ls $n/weights | wc -l)
  if [ $((bytes + size)) -le $((62 * 1024 * 1024)) ] && [ $((files + count)) -le 8 ]; then
    mkdir -p $OUT/$n && cp $n/weights/* $OUT/$n/ && bytes=$((bytes + size)) && files=$((files + count))
  else
    echo "not returned (fetch it in a follow-up call while the machine is warm): /tmp/mld/$n/weights" >> $log
  fi
done
ls -laR $OUT >> $log
