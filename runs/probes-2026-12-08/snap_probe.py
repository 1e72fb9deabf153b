"""Snap a free prompt to the nearest Bandai (content, style) pair's captions: DEV prompts only, CPU."""
import sys, json, re, numpy as np, torch
from backend.text import get_text_encoder
from backend.generators.registry import load_generator
from backend.generators.text_input import TextBatch
from backend.generators.base import Prompt
from backend.motion.features import recover_from_ric
from backend.eval.weights import load_recogniser, load_evaluator
from backend.bench.prompts import _features
from backend.bench.scorer import Scorer
torch.set_num_threads(2)
name = sys.argv[1]; variants = json.loads(sys.argv[2])
enc = get_text_encoder("minilm")
z = np.load('/tmp/probe/pairs.npz', allow_pickle=True)
cent, pairs, caps, vecs = z['cent'], [tuple(p) for p in z['pairs']], list(z['caps']), z['vecs']
n = len(caps) // len(pairs)
rec, _ = load_recogniser(); contents, styles = rec.config.contents, rec.config.styles
dev = json.load(open("runs/probes-2026-12-07c/prompts_dev.json"))["single"]
def side_words(t):
    w = set(re.findall(r"[a-z]+", t.lower())); return ("left" in w, "right" in w)
pair_side = [side_words(c.replace('-', ' ')) for c, s in pairs]
def snap(texts, v):
    q = enc.encode(list(texts)).pooled.numpy().astype(np.float32)
    if v.get('off'): return q
    out = []
    for t, qq in zip(texts, q):
        s = cent @ qq
        sw = side_words(t)
        if v.get('side') and any(sw):
            s = np.where([ps == sw for ps in pair_side], s, s - 1)
        b = int(s.argmax())
        if v.get('oracle'):
            lab = truth[t]; b = pairs.index((lab[0], lab[1] or 'normal'))
        if s[b] < v.get('min', 0):
            out.append(qq); continue
        if v.get('mode') == 'centroid': a = cent[b]
        else:  # the pair's caption nearest its centroid
            block = vecs[b * n:(b + 1) * n]; a = block[int((block @ cent[b]).argmax())]
        a = v.get('alpha', 0) * qq + (1 - v.get('alpha', 0)) * a
        out.append(a / np.linalg.norm(a))
    return np.stack(out).astype(np.float32)
cur = {}
truth = {d[0]: (d[1], d[2]) for d in dev}
g = load_generator(name, pack="default", text=lambda texts: TextBatch(snap(texts, cur)), device=torch.device("cpu"))
sc = Scorer(evaluator=load_evaluator()[0], recogniser=rec, sentence_vectors=None, device=torch.device("cpu"))
for v in variants:
    cur.clear(); cur.update(v)
    res = []
    for seed in v.get('seeds', [0]):
        feats = []
        for text, c, s in dev:
            frames = g.estimate_frames([text], seed=seed)[0]
            f = g.generate([Prompt(text, frames)], seed=seed)[0]
            feats.append(_features(recover_from_ric(f)))
        cp, sp = sc.labels(feats)
        ch = np.mean([contents[a] == d[1] for a, d in zip(cp, dev)])
        st = np.mean([styles[b] == d[2] for b, d in zip(sp, dev) if d[2]])
        res.append((ch, st))
    print(json.dumps(v), 'content %.3f style %.3f' % tuple(np.mean(res, 0)), flush=True)
