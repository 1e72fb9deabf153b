import numpy as np, sys
from pathlib import Path
from backend.data.dataset import load_build
from backend.motion.features import recover_from_ric
from backend.retarget import auto_bind, canonical_rig
from backend.retarget.measure import through_rig
from backend.eval.metrics import FOOT_JOINTS, CONTACT_HEIGHT
from backend.motion.timebase import FPS
binding, _ = auto_bind(canonical_rig())
def anatomy(feats, label, lock=True):
    speeds, heights = [], []
    for f in feats:
        p = recover_from_ric(f.astype(np.float64))
        if lock: p = through_rig(p, binding, fps=FPS, foot_lock=True)
        feet = p[:, list(FOOT_JOINTS)]
        sp = np.linalg.norm(np.diff(feet[..., [0, 2]], axis=0), axis=-1) * FPS
        c = (feet[1:, :, 1] < CONTACT_HEIGHT) & (feet[:-1, :, 1] < CONTACT_HEIGHT)
        speeds.append(sp[c]); heights.append(np.concatenate([feet[1:, :, 1][c]]))
    s = np.concatenate(speeds); h = np.concatenate(heights)
    tot = s.sum()
    bins = [0, 0.1, 0.3, 0.6, 1.0, 2.0, 100]
    share = [s[(s >= a) & (s < b)].sum() / tot for a, b in zip(bins, bins[1:])]
    cnt = [((s >= a) & (s < b)).mean() for a, b in zip(bins, bins[1:])]
    print(f"{label}: metric {s.mean():.3f} frames {len(s)}; share of metric by speed bin {bins}: " + " ".join(f"{x:.2f}" for x in share) + " | frame share " + " ".join(f"{x:.2f}" for x in cnt), flush=True)
z = np.load("/tmp/contact_probe_remodiffuse_150.npz"); remo = [z[f"a{k}"] for k in range(150)]
test = load_build(Path(".cache/datasets/labels"), "test")
rng = np.random.default_rng(0)
real = [test.items[i].features for i in rng.choice(len(test.items), 150, replace=False)]
anatomy(real, "real raw", False)
anatomy(remo, "remo raw", False)
anatomy(remo, "remo locked", True)
z = np.load("/tmp/contact_probe_mld_150.npz"); mld = [z[f"a{k}"] for k in range(150)]
anatomy(mld, "mld raw", False)
anatomy(mld, "mld locked", True)
