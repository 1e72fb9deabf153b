import json, numpy as np, time, re
from backend.text import get_text_encoder
from backend.data.captions.bandai import bandai_captions, STYLES
from backend.eval.weights import load_recogniser
enc = get_text_encoder("minilm")
rec, _ = load_recogniser()
contents, styles = list(rec.config.contents), list(rec.config.styles)
print(len(contents), len(styles), styles)
pairs, caps = [], []
for c in contents:
    for s in styles:
        try: cs = bandai_captions(c, s, n=16)
        except ValueError as e: continue
        pairs.append((c, s)); caps += cs
t = time.time(); v = enc.encode(caps).pooled.numpy().astype(np.float32); print('enc', len(caps), time.time() - t)
n = 16
cent = v.reshape(len(pairs), n, -1).mean(1); cent /= np.linalg.norm(cent, axis=1, keepdims=True)
np.savez('/tmp/probe/pairs.npz', cent=cent, pairs=np.array(pairs), caps=np.array(caps, dtype=object), vecs=v)
dev = json.load(open("runs/probes-2026-12-07c/prompts_dev.json"))["single"]
q = enc.encode([d[0] for d in dev]).pooled.numpy().astype(np.float32)
s = q @ cent.T
best = s.argmax(1)
ch = np.mean([pairs[b][0] == d[1] for b, d in zip(best, dev)])
st = [pairs[b][1] == d[2] for b, d in zip(best, dev) if d[2]]
# content only: max over styles per content
cs = {c: [i for i, p in enumerate(pairs) if p[0] == c] for c in contents}
cbest = [max(cs, key=lambda c: s[k, cs[c]].max()) for k in range(len(dev))]
print('pair nn: content %.3f style %.3f (n styled %d)' % (ch, np.mean(st), len(st)), 'content-max %.3f' % np.mean([c == d[1] for c, d in zip(cbest, dev)]))
print('sim median', np.median(s.max(1)))
for b, d, m in zip(best, dev, s.max(1)):
    if pairs[b][0] != d[1] or (d[2] and pairs[b][1] != d[2]): print(f'{m:.2f}', d, '->', pairs[b])
