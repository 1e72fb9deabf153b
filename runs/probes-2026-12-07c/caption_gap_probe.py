import json, numpy as np
from pathlib import Path
from backend.text import get_text_encoder
from backend.data.dataset import load_build
z = np.load("/tmp/probe/bank.npz", allow_pickle=True); vecs = z["vecs"]
enc = get_text_encoder("minilm")
dev = [p[0] for p in json.load(open("runs/probes-2026-12-07c/prompts_dev.json"))["single"]]
test = load_build(Path(".cache/datasets/labels"), "test", mirrored=False)
rng = np.random.default_rng(0)
tc = [c for i in test.items for c in i.captions]
tc = [tc[k] for k in rng.choice(len(tc), 300, replace=False)]
for name, texts in (("dev prompts", dev), ("test captions", tc)):
    q = enc.encode(texts).pooled.numpy()
    s = np.sort(q @ vecs.T, axis=1)[:, ::-1]
    print(f"{name}: nearest training caption cosine median {np.median(s[:,0]):.3f} p10 {np.percentile(s[:,0],10):.3f}; 10th nearest median {np.median(s[:,9]):.3f}")
