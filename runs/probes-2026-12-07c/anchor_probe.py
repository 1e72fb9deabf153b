"""Prompt anchoring probe on the DEV prompts (runs/probes-2026-12-07c/prompts_dev.json), CPU."""
import sys, json, re, numpy as np, torch, time
from pathlib import Path
from backend.data.dataset import load_build
from backend.text import get_text_encoder
from backend.generators.registry import load_generator, get_spec
from backend.generators.text_input import TextBatch
from backend.generators.base import Prompt
from backend.motion.features import recover_from_ric
from backend.eval.weights import load_recogniser
from backend.bench.prompts import _features
torch.set_num_threads(2)
name = sys.argv[1]
variants = json.loads(sys.argv[2])
enc = get_text_encoder("minilm")
tr = load_build(Path(".cache/datasets/labels"), "train", mirrored=False)
bankf = Path("/tmp/probe/bank.npz")
if bankf.exists():
    z = np.load(bankf, allow_pickle=True); caps, vecs, owner = list(z["caps"]), z["vecs"], z["owner"]
else:
    caps, owner = [], []
    for k, i in enumerate(tr.items):
        for c in dict.fromkeys(i.captions): caps.append(c); owner.append(k)
    t = time.time(); vecs = enc.encode(caps).pooled.numpy().astype(np.float32); print("bank", len(caps), time.time() - t)
    np.savez(bankf, caps=np.array(caps, dtype=object), vecs=vecs, owner=np.array(owner))
owner = np.asarray(owner)
# clip centroids
clipv = np.zeros((len(tr.items), vecs.shape[1]), np.float32); np.add.at(clipv, owner, vecs)
clipv /= np.linalg.norm(clipv, axis=1, keepdims=True)
capside = np.array([("left" in c.lower().split() or "left," in c.lower()) * 1 + ("right" in c.lower()) * 2 for c in caps])
rec, _ = load_recogniser()
contents, styles = rec.config.contents, rec.config.styles
dev = json.load(open("runs/probes-2026-12-07c/prompts_dev.json"))["single"]
def side_of(t):
    w = set(re.findall(r"[a-z]+", t.lower())); return (1 if "left" in w else 0) + (2 if "right" in w else 0)
def anchored(texts, v):
    p = enc.encode(list(texts)).pooled.numpy().astype(np.float32)
    if v.get("off"): return p
    bank = clipv if v.get("clips") else vecs
    out = []
    for t, q in zip(texts, p):
        s = bank @ q
        if v.get("side") and not v.get("clips"):
            sd = side_of(t); s = np.where(capside == sd, s, s - 1.0)
        idx = np.argsort(-s)[: v["k"]]
        w = np.exp((s[idx] - s[idx].max()) / v.get("tau", 0.05)); w /= w.sum()
        a = (w[:, None] * bank[idx]).sum(0)
        a = v["alpha"] * q + (1 - v["alpha"]) * a
        out.append(a / np.linalg.norm(a))
    return np.stack(out).astype(np.float32)
cur = {}
g = load_generator(name, pack="default", text=lambda texts: TextBatch(anchored(texts, cur)), device=torch.device("cpu"))
for v in variants:
    cur.clear(); cur.update(v)
    feats = []
    for text, c, s in dev:
        frames = g.estimate_frames([text], seed=0)[0]
        f = g.generate([Prompt(text, frames)], seed=0)[0]
        feats.append(_features(recover_from_ric(f)))
    from backend.bench.scorer import Scorer
    from backend.eval.weights import load_evaluator
    sc = Scorer(evaluator=load_evaluator()[0], recogniser=rec, sentence_vectors=None, device=torch.device("cpu"))
    cp, sp = sc.labels(feats)
    ch = np.mean([contents[a] == d[1] for a, d in zip(cp, dev)])
    st = [styles[b] == d[2] for b, d in zip(sp, dev) if d[2]]
    sdk = [k for k, d in enumerate(dev) if side_of(d[1].replace("-", " "))]
    sideacc = np.mean([side_of(contents[cp[k]].replace("-", " ")) == side_of(dev[k][1].replace("-", " ")) for k in sdk])
    print(json.dumps(v), f"content {ch:.3f} style {np.mean(st):.3f} side {sideacc:.3f}", flush=True)
