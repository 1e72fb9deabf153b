"""Where a generator's foot skating goes through the extension's foot locking.

    python tools/footlock_probe.py mld,momask [--clips 48] [--build .carry/labels-test]

On random test captions (seed 0, CPU), per generator, the foot-skating metric
(``eval.metrics.foot_skating``: mean horizontal foot speed while a foot joint
is below 5 cm at both ends of a step), the share of such steps and the foot
heights of: the raw generation; the rig round trip (``retarget.measure.
through_rig``) without and with locking; the bench's foot-locked row (the
locked rig output back through ``source_features``, which puts the clip's
lowest point on the floor); the same with the generation put on the floor
first. Then the share of low-foot steps the locker flags as contacts and the
share of the sliding on steps it does not flag. Real clips for reference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.data.dataset import load_build  # noqa: E402
from backend.eval.metrics import CONTACT_HEIGHT, FOOT_JOINTS, foot_skating  # noqa: E402
from backend.generators import registry  # noqa: E402
from backend.generators.base import FPS, Prompt  # noqa: E402
from backend.generators.editing import source_features  # noqa: E402
from backend.generators.text_input import from_encoder  # noqa: E402
from backend.motion.features import recover_from_ric  # noqa: E402
from backend.retarget import auto_bind, canonical_rig  # noqa: E402
from backend.retarget.measure import through_rig  # noqa: E402
from backend.retarget.to_rig import contacts_of  # noqa: E402
from backend.text import get_text_encoder  # noqa: E402


def floored(p: np.ndarray) -> np.ndarray:
    p = p.copy()
    p[..., 1] -= p[:, list(FOOT_JOINTS), 1].min()
    return p


def stats(p: np.ndarray) -> list[float]:
    feet = p[:, list(FOOT_JOINTS)]
    low = (feet[1:, :, 1] < CONTACT_HEIGHT) & (feet[:-1, :, 1] < CONTACT_HEIGHT)
    return [foot_skating(p), low.mean(), np.percentile(feet[..., 1].min(axis=1), 10), p[..., 1].min()]


def coverage(p: np.ndarray) -> list[float]:
    p = floored(p)
    feet = p[:, list(FOOT_JOINTS)]
    low = (feet[1:, :, 1] < CONTACT_HEIGHT) & (feet[:-1, :, 1] < CONTACT_HEIGHT)
    speed = np.linalg.norm(np.diff(feet[..., [0, 2]], axis=0), axis=-1) * FPS
    flags = contacts_of(p, FPS)[:-1].reshape(-1, 4)
    return [low.sum(), (low & flags).sum(), speed[low & ~flags].sum(), speed[low].sum()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("generators")
    parser.add_argument("--clips", type=int, default=48)
    parser.add_argument("--build", default=".carry/labels-test")
    args = parser.parse_args()
    torch.set_num_threads(1)
    test = load_build(Path(args.build), "test", mirrored=False)
    items = [test.items[i] for i in np.random.default_rng(0).choice(len(test.items), args.clips, replace=False)]
    binding, _ = auto_bind(canonical_rig())
    encoder = get_text_encoder("minilm")
    rows = (("raw", lambda p: p), ("rig, no lock", lambda p: through_rig(p, binding, fps=FPS)),
            ("rig, locked", lambda p: through_rig(p, binding, fps=FPS, foot_lock=True)),
            ("locked, as the bench row", lambda p: recover_from_ric(source_features(through_rig(p, binding, fps=FPS, foot_lock=True)).astype(np.float32))),
            ("on the floor, raw", floored),
            ("on the floor, rig, no lock", lambda p: through_rig(floored(p), binding, fps=FPS)),
            ("on the floor, locked, as the bench row",
             lambda p: recover_from_ric(source_features(through_rig(floored(p), binding, fps=FPS, foot_lock=True)).astype(np.float32))))
    real = [recover_from_ric(it.features.astype(np.float32)) for it in items]
    r = np.array([stats(p) for p in real]).mean(0)
    print(f"{'real':8s} {'':40s} skate {r[0]:.3f} m/s  low-foot steps {r[1]:.3f}  lowest foot p10 {r[2]:.3f} m  min y {r[3]:.3f} m")
    for name in args.generators.split(","):
        spec = registry.get_spec(name)
        generator = registry.load_generator(name, text=from_encoder(encoder, spec.text_input), device=torch.device("cpu"))
        prompts = [Prompt(it.captions[0], max(spec.min_frames, min(len(it.features), spec.max_frames) // 4 * 4)) for it in items]
        clips = [recover_from_ric(f) for f in generator.generate(prompts, seed=0)]
        for label, make in rows:
            s = np.array([stats(make(p)) for p in clips]).mean(0)
            print(f"{name:8s} {label:40s} skate {s[0]:.3f} m/s  low-foot steps {s[1]:.3f}  lowest foot p10 {s[2]:.3f} m  min y {s[3]:.3f} m", flush=True)
        for label, group in ((name, clips), ("real", real)):
            c = np.array([coverage(p) for p in group]).sum(0)
            print(f"{label:8s} on the floor: low-foot steps flagged for locking {c[1] / c[0]:.3f}, "
                  f"share of their sliding on unflagged steps {c[2] / c[3]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
