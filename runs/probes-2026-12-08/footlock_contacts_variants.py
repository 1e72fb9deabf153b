import sys, numpy as np
from pathlib import Path
import backend.retarget.to_rig as tr
from backend.motion.features import LEFT_FOOT_JOINTS, RIGHT_FOOT_JOINTS, CONTACT_THRESHOLD
from backend.motion.features import recover_from_ric
from backend.eval.metrics import foot_skating
from backend.retarget import auto_bind, canonical_rig
from backend.retarget.measure import through_rig
from backend.data.dataset import load_build
orig = tr.contacts_of
def make(H, K):
    def contacts(positions, fps):
        flags = orig(positions, fps)
        if len(positions) < 2: return flags
        thr = CONTACT_THRESHOLD * (20.0 / fps) ** 2
        out = []
        for joints in (LEFT_FOOT_JOINTS, RIGHT_FOOT_JOINTS):
            p = positions[:, list(joints)]
            step = p[1:] - p[:-1]
            speed2 = np.sum(step[..., [0, 2]] ** 2, -1)
            low = (p[1:, :, 1] < H) & (p[:-1, :, 1] < H)
            out.append(low & (speed2 < K * thr))
        extra = np.stack(out, 1)
        extra = np.concatenate([extra, extra[-1:]], 0)
        return flags | extra
    return contacts
gen, n = sys.argv[1], int(sys.argv[2])
clips = list(np.load(f'/tmp/fl/{gen}-{n}.npz', allow_pickle=True)['clips'])
test = load_build(Path('.carry/labels-test'), 'test')
rng = np.random.default_rng(0)
items = [test.items[i] for i in rng.choice(len(test.items), n, replace=False)]
real = [recover_from_ric(it.features) for it in items]
b = auto_bind(canonical_rig())[0]
for H, K in [(0.05, 2), (0.05, 4), (0.05, 8), (0.05, 1e9), (0.07, 4)]:
    tr.contacts_of = make(H, K)
    g = np.mean([foot_skating(through_rig(p, b, fps=20, foot_lock=True)) for p in clips])
    r = np.mean([foot_skating(through_rig(p, b, fps=20, foot_lock=True)) for p in real])
    print(f'H={H} K={K}: gen locked {g:.4f}  real locked {r:.4f}', flush=True)
