"""Guidance scale on the DEV prompts (runs/probes-2026-12-07c/prompts_dev.json), CPU: content/style by the recogniser."""
import sys, json, numpy as np, torch
from backend.text import get_text_encoder
from backend.generators.registry import load_generator
from backend.generators.text_input import from_encoder
from backend.generators.base import Prompt
from backend.motion.features import recover_from_ric
from backend.eval.weights import load_recogniser, load_evaluator
from backend.bench.prompts import _features
from backend.bench.scorer import Scorer
from backend.data.captions.bandai import style_family
torch.set_num_threads(2)
name = sys.argv[1]; variants = json.loads(sys.argv[2])
g = load_generator(name, pack="default", text=from_encoder(get_text_encoder("minilm")), device=torch.device("cpu"))
rec, _ = load_recogniser(); contents, styles = rec.config.contents, rec.config.styles
sc = Scorer(evaluator=load_evaluator()[0], recogniser=rec, sentence_vectors=None, device=torch.device("cpu"))
dev = json.load(open("runs/probes-2026-12-07c/prompts_dev.json"))["single"]
for v in variants:
    res = []
    for seed in (0, 1):
        opts = g.options(None).override(**v)
        feats = []
        for text, c, s in dev:
            frames = g.estimate_frames([text], seed=seed)[0]
            feats.append(_features(recover_from_ric(g.generate([Prompt(text, frames)], opts, seed=seed)[0])))
        cp, sp = sc.labels(feats)
        res.append((np.mean([contents[a] == d[1] for a, d in zip(cp, dev)]), np.mean([styles[b] == d[2] for b, d in zip(sp, dev) if d[2]]),
                    np.mean([style_family(styles[b]) == style_family(d[2]) for b, d in zip(sp, dev) if d[2]])))
    print(json.dumps(v), 'content %.3f style %.3f family %.3f' % tuple(np.mean(res, 0)), flush=True)
