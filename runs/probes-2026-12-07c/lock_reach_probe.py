"""Foot skating after the lock vs the lock's reach and radius (cached test-caption clips, CPU)."""
import sys, numpy as np, torch
import backend.retarget.foot_lock as fl
import backend.retarget.to_rig as tr
from backend.retarget import auto_bind, canonical_rig
from backend.retarget.measure import through_rig
from backend.generators.editing import source_features
from backend.motion.features import recover_from_ric
from backend.eval.metrics import foot_skating
from backend.motion.timebase import FPS
torch.set_num_threads(1)
name = sys.argv[1]; n = int(sys.argv[2])
z = np.load(f"/tmp/contact_probe_{name}_150.npz"); feats = [z[f"a{k}"] for k in range(150)][:n]
binding, _ = auto_bind(canonical_rig())
original = fl.lock_feet
R = {"radius": 0.15}
def patched(*a, **k):
    k["radius"] = R["radius"]; return original(*a, **k)
tr.lock_feet = patched
for reach, radius in [(0.6, 0.15), (1.2, 0.15), (2.4, 0.15), (100.0, 0.15), (1.2, 0.3), (100.0, 0.3)]:
    fl.LOCK_REACH, R["radius"] = reach, radius
    sk = [foot_skating(recover_from_ric(source_features(through_rig(recover_from_ric(f), binding, fps=FPS, foot_lock=True)).astype(np.float32))) for f in feats]
    print(reach, radius, round(float(np.mean(sk)), 4), flush=True)
