"""Root following planted feet before the lock: foot skating and travel (cached clips, CPU)."""
import sys, numpy as np, torch
from pathlib import Path
from backend.retarget import auto_bind, canonical_rig
from backend.retarget.measure import through_rig
from backend.generators.editing import source_features
from backend.motion.features import recover_from_ric, CONTACT_THRESHOLD
from backend.eval.metrics import foot_skating, FOOT_JOINTS
from backend.motion.timebase import FPS
name = sys.argv[1]; n = int(sys.argv[2])
if name == "real":
    from backend.data.dataset import load_build
    test = load_build(Path(".cache/datasets/labels"), "test")
    rng = np.random.default_rng(0)
    feats = [test.items[i].features for i in rng.choice(len(test.items), n, replace=False)]
else:
    z = np.load(f"/tmp/contact_probe_{name}_150.npz"); feats = [z[f"a{k}"] for k in range(150)][:n]
b, _ = auto_bind(canonical_rig())
def plant(P, scale=1.0, low=None):
    feet = P[:, list(FOOT_JOINTS)]
    step = feet[1:] - feet[:-1]
    flags = (step ** 2).sum(-1) < CONTACT_THRESHOLD * scale
    if low is not None:
        flags |= (feet[1:, :, 1] < low) & (feet[:-1, :, 1] < low)
    d = (step * flags[..., None]).sum(1) / np.maximum(flags.sum(1), 1)[:, None]
    d[:, 1] = 0
    out = P.copy(); out[1:] -= np.cumsum(d, 0)[:, None]
    return out
def travel(P): return np.linalg.norm(P[-1, 0, [0, 2]] - P[0, 0, [0, 2]])
def locked(P): return recover_from_ric(source_features(through_rig(P, b, fps=FPS, foot_lock=True)).astype(np.float32))
for label, fn in [("as today", lambda P: P), ("plant (velocity flags)", plant), ("plant, 2x threshold", lambda P: plant(P, 4.0)), ("plant, velocity or low", lambda P: plant(P, 1.0, 0.05))]:
    sk_raw, sk, tr = [], [], []
    for f in feats:
        P = recover_from_ric(f); Q = fn(P)
        sk_raw.append(foot_skating(Q)); sk.append(foot_skating(locked(Q))); tr.append(travel(Q) / max(travel(P), 1e-3) if travel(P) > 0.5 else np.nan)
    print(f"{name:12s} {label:26s} raw {np.mean(sk_raw):.3f} locked {np.mean(sk):.3f} travel ratio (clips >0.5 m) median {np.nanmedian(tr):.2f} p10 {np.nanpercentile(tr,10):.2f}", flush=True)
