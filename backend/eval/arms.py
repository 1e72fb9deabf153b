"""The arm recogniser: which upper-body action (``studio.compose.UPPER_BODY``:
waves, raised hands, bye, guide, call, punch ...) the arms show in a 3 s
window, or ``other``, read from the arms alone in the chest's frame
(``motion.arms.arm_features``).

Why: the label recogniser reads the whole body, and a walk with a wave laid
over it is a walk to it. Real takes only (``runs/probes-2026-12-08b``): a
real wave's arms laid over a real walk with the composer's own overlay are
named as the action in 0.16 of them (over a run 0.04), the action take
alone in 0.91. So for a composite like "walks forward and waves" the prompt
bench also asks this recogniser whether the arms do the second action.

Trained on the Bandai takes of the training split (mirrored too, labels
swapped) and CMU's plain walks and runs (``plain_locomotion``, as
``other``), classes sampled evenly, half the windows of a one-handed action
given another take's free arm (``SWAP_FREE_ARM``: the other arm swings when
the wave is done walking); validated on the validation split's windows;
weights ship beside the evaluator (``assets/evaluator/arms.*``), measurement
only (never in the product's path; the extension zip leaves them out).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..motion.arms import ARM_CHAINS, ARM_FEATURES, arm_features
from ..motion.features import recover_from_ric
from .models import MotionEncoder, MotionEncoderConfig

WINDOW, STRIDE = 60, 20  # 3 s windows every second (the prompt bench's windows)
OTHER = "other"


@dataclass(frozen=True)
class ArmRecogniserConfig:
    motion: MotionEncoderConfig = MotionEncoderConfig(feature_dim=ARM_FEATURES, width=128, layers=2, heads=4, ff=256, dropout=0.1,
                                                      max_frames=WINDOW, out_dim=128)
    labels: tuple[str, ...] = ()  # the upper-body actions, then OTHER


class ArmRecogniser(nn.Module):
    """(B, T, ARM_FEATURES) arm features + (B, T) valid mask -> label logits (B, L)."""

    def __init__(self, config: ArmRecogniserConfig) -> None:
        super().__init__()
        self.config = config
        self.motion = MotionEncoder(config.motion)
        self.head = nn.Linear(config.motion.out_dim, len(config.labels))
        self.register_buffer("mean", torch.zeros(config.motion.feature_dim))
        self.register_buffer("std", torch.ones(config.motion.feature_dim))

    def forward(self, features: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(F.gelu(self.motion(((features - self.mean) / self.std) * mask[..., None], mask)))


def windows(features: np.ndarray) -> list[np.ndarray]:
    """(T, D) -> the 3 s windows every second (one, the whole clip, when shorter)."""
    starts = range(0, max(len(features) - WINDOW, 0) + 1, STRIDE)
    return [features[s:s + WINDOW] for s in starts]


def _pad(chunks: list[np.ndarray]) -> tuple[torch.Tensor, torch.Tensor]:
    frames = max(len(c) for c in chunks)
    x = np.zeros((len(chunks), frames, ARM_FEATURES), dtype=np.float32)
    mask = np.zeros((len(chunks), frames), dtype=bool)
    for k, c in enumerate(chunks):
        x[k, :len(c)], mask[k, :len(c)] = c, True
    return torch.from_numpy(x), torch.from_numpy(mask)


@torch.no_grad()
def window_labels(model: ArmRecogniser, positions: np.ndarray) -> list[str]:
    """(T, 22, 3) positions -> the label the arms show in each 3 s window."""
    model.eval()
    x, mask = _pad(windows(arm_features(positions)))
    device = model.mean.device
    return [model.config.labels[int(k)] for k in model(x.to(device), mask.to(device)).argmax(-1).cpu()]


def shows(model: ArmRecogniser, positions: np.ndarray, label: str) -> bool:
    """Whether any 3 s window's arms show ``label``."""
    return label in window_labels(model, positions)


# --- training ---------------------------------------------------------------

# Share of the training windows of a one-handed action (its label names the
# side) whose other arm is taken from a random take of another kind (walks,
# kicks, dances ...): a wave made while walking still reads as the wave.
SWAP_FREE_ARM = 0.5


def _free_arm(label: str) -> np.ndarray | None:
    """The feature columns of the arm a sided label leaves free (positions and velocities), or None."""
    joints = len(ARM_CHAINS["left"])  # left chain first, then right (motion.arms.ARM_JOINTS)
    free = "left" if "right" in label.split("-") else "right" if "left" in label.split("-") else None
    if free is None:
        return None
    first = 0 if free == "left" else joints * 3
    columns = np.arange(first, first + joints * 3)
    return np.concatenate([columns, columns + ARM_FEATURES // 2])



# CMU takes whose description is plain locomotion (no arm or whole-body
# action named) join ``other``: the recogniser must not take a CMU walk's
# arms for an action (Bandai walks alone taught it CMU walks were slashes).
PLAIN_LOCOMOTION = re.compile(r"\b(walk|run|jog|stride|march|stroll)")
NAMES_AN_ACTION = re.compile(r"(wav|punch|box|rais|hand|arm|sword|slash|point|call|bye|signal|gestur|throw|fight|karate|kick|danc|salsa|"
                             r"clap|reach|swing|carr|pick|lift|hold|push|pull|drink|sweep|wash|climb|hang|basketball|dribbl|soccer|golf|"
                             r"sit|ball|look|stretch|jump|hop)")


def plain_locomotion(item) -> bool:
    """A CMU take whose description names locomotion and no action."""
    text = " ".join(item.labels.get("descriptions", ())).lower()
    return item.source == "cmu" and bool(PLAIN_LOCOMOTION.search(text)) and not NAMES_AN_ACTION.search(text)


def _clips(split, labels: tuple[str, ...]) -> tuple[list[np.ndarray], np.ndarray]:
    from .train import content_label

    clips, classes = [], []
    for item in split.items:
        if item.source != "bandai" and not plain_locomotion(item):
            continue
        label = content_label(item) if item.source == "bandai" else OTHER
        clips.append(arm_features(recover_from_ric(item.features)))
        classes.append(labels.index(label) if label in labels else labels.index(OTHER))
    return clips, np.array(classes)


def train_arms(build: Path, out: Path, *, steps: int, batch: int = 128, minutes: float | None = None, validate_every: int = 250,
               patience: int = 8, seed: int = 0) -> dict:
    """Train on ``build``'s training split (resumable in ``out``), keep the
    weights of the lowest validation loss; writes ``out/weights/arms.*``."""
    from ..data.dataset import load_build
    from ..studio.compose import UPPER_BODY
    from ..train.distributed import DistContext
    from ..train.harness import Trainer, TrainConfig
    from .weights import save_model

    torch.manual_seed(seed)
    started = time.time()
    labels = tuple(UPPER_BODY) + (OTHER,)
    train_clips, train_y = _clips(load_build(build, "train"), labels)
    val_clips, val_y = _clips(load_build(build, "val", mirrored=False), labels)
    present = sorted({labels[k] for k in train_y})
    if len(present) < 2:
        raise ValueError(f"{build}: the training split has Bandai takes of {present or 'no label'}; the arm recogniser needs several")
    config = ArmRecogniserConfig(labels=labels)
    model = ArmRecogniser(config)
    stacked = np.concatenate(train_clips)
    model.mean.copy_(torch.from_numpy(stacked.mean(0)))
    model.std.copy_(torch.from_numpy(np.maximum(stacked.std(0), 1e-3)))
    by_class = [np.flatnonzero(train_y == k) for k in range(len(labels))]
    by_class = [c for c in by_class if len(c)]
    others = np.flatnonzero(train_y == labels.index(OTHER))
    free_arm = [_free_arm(label) for label in labels]

    def sample(generator: torch.Generator):
        rng = np.random.default_rng(int(torch.randint(2**31 - 1, (1,), generator=generator)))
        chunks, target = [], []
        for _ in range(batch):
            pick = by_class[rng.integers(len(by_class))]
            k = int(pick[rng.integers(len(pick))])
            clip = train_clips[k]
            length = int(min(len(clip), rng.integers(WINDOW // 2, WINDOW + 1)))
            start = int(rng.integers(0, len(clip) - length + 1))
            chunk = clip[start:start + length].copy()
            arm = free_arm[train_y[k]]
            if arm is not None and len(others) and rng.random() < SWAP_FREE_ARM:
                # a one-handed action done while walking: the free arm is another take's (a walk, a kick ...)
                donor = train_clips[int(others[rng.integers(len(others))])]
                if len(donor) >= length:
                    at = int(rng.integers(0, len(donor) - length + 1))
                    chunk[:, arm] = donor[at:at + length, arm]
            chunks.append(chunk)
            target.append(train_y[k])
        x, mask = _pad(chunks)
        return x, mask, torch.tensor(target)

    val_windows = [(w, y) for clip, y in zip(val_clips, val_y) for w in windows(clip)]
    val_x, val_mask = _pad([w for w, _ in val_windows])
    val_target = torch.tensor([y for _, y in val_windows])

    def loss_fn(wrapped, b):
        x, mask, target = b
        logits = wrapped(x, mask)
        return F.cross_entropy(logits, target), {"acc": float((logits.argmax(-1) == target).float().mean())}

    @torch.no_grad()
    def validate(net) -> dict:
        net.eval()
        logits = torch.cat([net(val_x[k:k + 512], val_mask[k:k + 512]) for k in range(0, len(val_x), 512)])
        net.train()
        return {"loss": float(F.cross_entropy(logits, val_target)), "acc": float((logits.argmax(-1) == val_target).float().mean())}

    trainer = Trainer(model=model, loss_fn=loss_fn, sample=sample, ctx=DistContext(0, 1, 0, torch.device("cpu")), out_dir=Path(out) / "arms_run",
                      validate=validate, config=TrainConfig(steps=steps, lr=5e-4, weight_decay=0.01, warmup_steps=100, log_every=50,
                                                            checkpoint_every=500, max_minutes=minutes, validate_every=validate_every,
                                                            keep_best="loss", patience=patience, seed=seed))
    summary = trainer.fit()
    report = {**summary, "validation": validate(model), "minutes_total": (time.time() - started) / 60,
              "train_clips": len(train_clips), "val_windows": len(val_windows), "labels_in_training": present}
    manifest = json.loads((Path(build) / "manifest.json").read_text())
    meta = {"data": {"build": manifest["config"]["name"], "sources": ["bandai", "cmu (plain locomotion)"], "licence": manifest.get("licence"), "commit": manifest.get("commit")},
            "training": {"steps": trainer.step, "of": steps, "best_step": summary.get("best_step"), "batch": batch, "device": "cpu",
                         "minutes": report["minutes_total"]},
            "validation": report["validation"]}
    save_model(model, Path(out) / "weights", "arms", config=config, meta=meta)
    (Path(out) / "weights" / "arms_curve.jsonl").write_text("".join(json.dumps(r) + "\n" for r in trainer.history))
    return report
