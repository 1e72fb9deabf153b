import numpy as np
from backend.motion.features import recover_from_ric
from backend.retarget import auto_bind, canonical_rig
from backend.retarget.measure import through_rig
from backend.retarget.to_rig import contacts_of
from backend.eval.metrics import FOOT_JOINTS, CONTACT_HEIGHT
from backend.motion.timebase import FPS
binding, _ = auto_bind(canonical_rig())
for name in ("remodiffuse", "mld"):
    z = np.load(f"/tmp/contact_probe_{name}_150.npz")
    flagged = total = 0; near = 0
    for k in range(150):
        f = z[f"a{k}"]; p = recover_from_ric(f.astype(np.float64)); q = through_rig(p, binding, fps=FPS, foot_lock=True)
        n = min(len(p), len(q)); p, q = p[:n], q[:n]
        c = contacts_of(p, FPS).reshape(n, 4)[:, [0, 1, 2, 3]]  # (side, ankle/ball) -> FOOT_JOINTS order?
        feet = q[:, list(FOOT_JOINTS)]
        sp = np.linalg.norm(np.diff(feet[..., [0, 2]], axis=0), axis=-1) * FPS
        low = (feet[1:, :, 1] < CONTACT_HEIGHT) & (feet[:-1, :, 1] < CONTACT_HEIGHT)
        fast = low & (sp > 0.6)
        anyc = c[:-1].any(1, keepdims=True).repeat(4, 1)
        # within 3 frames of a flag of that joint of a source contact flag of any foot point
        win = np.stack([np.convolve(c[:, j].astype(float), np.ones(7), "same") for j in range(4)], 1)[:-1] > 0
        total += fast.sum(); flagged += (fast & c[:-1]).sum(); near += (fast & win).sum()
    print(f"{name}: fast low frames {total}; that joint flagged in contact in the source at that step {flagged/total:.2f}; within 3 frames of a flag of that joint {near/total:.2f}")
