"""Experiment (not product code): MoMask on the paraphrase prompts with each
prompt's sentence vector pulled toward its nearest training captions.

    PYTHONPATH=. python runs/text-2026-12-06/projection_probe.py PACK LAMBDA K OUT.json

v' = normalise((1 - LAMBDA) * v + LAMBDA * mean of the K nearest training-caption
vectors of PACK (cosine)). Settings fixed before the run (0.5/4 and 1.0/1), not tuned.
Runs `bench prompts` for the shipped MoMask through the product path with the
patched encoder and writes its row to OUT.json (bench/results.json untouched).
"""
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

from backend.data.dataset import load_build
from backend.data.pack import read_pack_embeddings
from backend.text import minilm

pack, lam, k, out = Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
index, vectors, _ = read_pack_embeddings(pack)
rows = sorted({index[c] for item in load_build(pack, "train", mirrored=True).items for c in item.captions})
table = torch.from_numpy(vectors[rows])
table = table / table.norm(dim=1, keepdim=True)
original = minilm.MiniLMEncoder.encode


def projected(self, texts):
    features = original(self, texts)
    v = torch.as_tensor(features.pooled, dtype=torch.float32)
    nearest = (v @ table.T).topk(k, dim=1).indices
    mixed = (1 - lam) * v + lam * table[nearest].mean(1)
    mixed = mixed / mixed.norm(dim=1, keepdim=True)
    return replace(features, pooled=mixed.to(features.pooled.dtype) if torch.is_tensor(features.pooled) else mixed.numpy())


minilm.MiniLMEncoder.encode = projected
import backend.bench.run  # noqa: E402
from backend.bench.prompts import run_prompts  # noqa: E402

backend.bench.run._write = lambda results: None  # bench/results.json is left alone

section = run_prompts(build=pack, generators=["momask"], device="cpu", command=" ".join(sys.argv))
out.write_text(json.dumps({"lambda": lam, "k": k, "pack": str(pack), "momask": section["generators"]["momask"]}, indent=1))
