"""Can the recogniser see an upper-body action laid over a walk at all? Real takes only (test + validation,
Bandai): each upper-body action take's arms laid over a real walk / run take with the composer's own
``overlay_arms`` (the side the label names, else both arms), both cut to the shorter length; the 3 s windows
of the result are scored as the prompt bench scores a composite (hit: any window recognised as the action).
Beside it: the action take alone, and the walk alone (how often a walk alone passes for the action).
Run from the repo root: PYTHONPATH=. python runs/probes-2026-12-08b/overlay_real_probe.py BUILD_DIR"""
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

from backend.bench.prompts import _features, _windows
from backend.bench.scorer import Scorer
from backend.data.dataset import load_build
from backend.eval.train import content_label
from backend.eval.weights import load_evaluator, load_recogniser
from backend.motion.features import recover_from_ric
from backend.studio.compose import UPPER_BODY, overlay_arms

torch.set_num_threads(2)
build = Path(sys.argv[1])
rec, _ = load_recogniser()
scorer = Scorer(evaluator=load_evaluator()[0], recogniser=rec, sentence_vectors=None, device=torch.device("cpu"))
C = rec.config.contents
items = [i for split in ("test", "val") for i in load_build(build, split, mirrored=False).items if i.source == "bandai"]
by_label = defaultdict(list)
for i in items:
    by_label[content_label(i)].append(i)
rng = np.random.default_rng(0)


def hit(positions, label):
    return any(C[c] == label for c in scorer.labels(_windows(_features(positions)))[0])


def side(label):
    return "left" if "left" in label else "right" if "right" in label else None


print(f"takes: {len(items)}; walk {len(by_label['walk'])}, run {len(by_label['run'])}")
rows = []
for label in UPPER_BODY:
    takes = by_label.get(label, [])
    if not takes:
        print(f"{label:20s} no held-out take")
        continue
    alone, over_walk, over_run, walk_alone = [], [], [], []
    for take in takes[:12]:
        action = recover_from_ric(take.features)
        alone.append(hit(action, label))
        for base_label, out in (("walk", over_walk), ("run", over_run)):
            for base_item in rng.choice(by_label[base_label], size=2, replace=False):
                base = recover_from_ric(base_item.features)
                n = min(len(base), len(action))
                if n < 60:
                    continue
                if base_label == "walk":
                    walk_alone.append(hit(base[:n], label))
                out.append(hit(overlay_arms(base[:n], action[:n], 0, side=side(label)), label))
    rows.append((label, len(alone), np.mean(alone), np.mean(over_walk), np.mean(over_run), np.mean(walk_alone)))
    print(f"{label:20s} takes {len(alone):2d}  alone {np.mean(alone):.2f}  arms over a walk {np.mean(over_walk):.2f} ({len(over_walk)})"
          f"  over a run {np.mean(over_run):.2f} ({len(over_run)})  walk alone {np.mean(walk_alone):.2f}", flush=True)
a = np.array([r[2:] for r in rows])
print(f"mean over labels: alone {a[:, 0].mean():.2f}  arms over a walk {a[:, 1].mean():.2f}  over a run {a[:, 2].mean():.2f}  walk alone {a[:, 3].mean():.2f}")
