"""Foot skating after the product's foot lock with other contact detectors."""
import sys, numpy as np, torch
from pathlib import Path
from backend.data.dataset import load_build
from backend.generators.base import Prompt
from backend.generators.registry import load_generator
from backend.generators.text_input import from_encoder
from backend.text import get_text_encoder
from backend.motion.features import recover_from_ric, foot_contacts, CONTACT_THRESHOLD
from backend.retarget import auto_bind, canonical_rig, to_rig
from backend.retarget.measure import through_rig
from backend.eval.metrics import foot_skating
from backend.motion.timebase import FPS
torch.set_num_threads(2)
name, count = sys.argv[1], int(sys.argv[2])
test = load_build(Path(".cache/datasets/labels"), "test")
rng = np.random.default_rng(0)
items = [test.items[i] for i in rng.choice(len(test.items), count, replace=False)]
cache = Path(f"/tmp/contact_probe_{name}_{count}.npz")
if name == "real":
    feats = [i.features for i in items]
elif cache.exists():
    z = np.load(cache); feats = [z[f"a{k}"] for k in range(count)]
else:
    from backend.bench.rows import text_input_for
    from backend.generators.registry import get_spec
    enc = get_text_encoder("minilm")
    g = load_generator(name, pack="default", text=text_input_for(get_spec(name), lambda caps: enc.encode(list(caps)).pooled.numpy()), device=torch.device("cpu"))
    feats = []
    for k, i in enumerate(items):
        n = min(max(len(i.features), g.min_frames), g.max_frames)
        feats.append(g.generate([Prompt(i.captions[0], n)], seed=k)[0])
    np.savez(cache, **{f"a{k}": f for k, f in enumerate(feats)})
binding, _ = auto_bind(canonical_rig())
original = to_rig.contacts_of

def variant(kind, predicted):
    def contacts(positions, fps):
        base = original(positions, fps)
        if kind == "velocity":
            return base
        if kind == "predicted":
            p = predicted[: len(positions)].reshape(-1, 2, 2) > 0.5
            return base | p
        feet = positions[:, [7, 10, 8, 11]][..., 1]  # l ankle, l foot, r ankle, r foot heights
        low = ((feet[1:] < 0.05) & (feet[:-1] < 0.05)).reshape(-1, 2, 2)
        low = np.concatenate([low, low[-1:]], 0)
        if kind == "low+slow":
            step = positions[1:, [7, 10, 8, 11]] - positions[:-1, [7, 10, 8, 11]]
            slow = (np.sum(step ** 2, -1) < 4 * CONTACT_THRESHOLD).reshape(-1, 2, 2)
            low = low & np.concatenate([slow, slow[-1:]], 0)
        return base | low
    return contacts
for kind in ("velocity", "predicted", "low+slow", "low"):
    vals, raw = [], []
    for f in feats:
        pos = recover_from_ric(f.astype(np.float64))
        to_rig.contacts_of = variant(kind, f[:, -4:])
        out = through_rig(pos, binding, fps=FPS, foot_lock=True)
        vals.append(foot_skating(out)); raw.append(foot_skating(pos))
    print(f"{name} {kind:10s} raw {np.mean(raw):.3f} locked {np.mean(vals):.3f}", flush=True)
