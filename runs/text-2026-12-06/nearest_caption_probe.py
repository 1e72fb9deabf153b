"""Nearest-training-caption probe on the paraphrase prompts: does the label of
the clip whose caption is nearest (MiniLM cosine) match the prompt's label?"""
import json, sys
import numpy as np
from pathlib import Path
from backend.bench.prompts import load_prompts
from backend.data.dataset import load_build
from backend.data.pack import read_pack_embeddings
from backend.text import get_text_encoder
from backend.eval.train import content_label

pack = Path(sys.argv[1])
index, vectors, _ = read_pack_embeddings(pack)
train = load_build(pack, "train", mirrored=True)
single, composite = load_prompts()
enc = get_text_encoder("minilm")
q = enc.encode([p[0] for p in single]).pooled.detach().numpy()
rows, labels, styles = [], [], []
for item in train.items:
    if item.source != "bandai":
        continue
    for c in item.captions:
        rows.append(index[c]); labels.append(content_label(item)); styles.append(item.labels["style"])
V = vectors[rows]; V /= np.linalg.norm(V, axis=1, keepdims=True)
sim = q @ V.T
best = sim.argmax(1)
c_hit = [labels[b] == p[1] for b, p in zip(best, single)]
s_hit = [styles[b] == p[2] for b, p in zip(best, single) if p[2]]
print(pack.name, "content", np.mean(c_hit), "style", np.mean(s_hit), "n", len(single), len(s_hit))
for b, p, h in zip(best, single, c_hit):
    if not h:
        print("  miss:", p[0], "->", labels[b], styles[b])
