"""Writes a tiny HumanML3D-layout folder for the loader tests.

``make_humanml3d_fixture(root)`` creates (20 fps, 263 features)::

    id       split  frames  notes
    000001   train   60     2 whole captions; sub-range 0.5-2.5 s -> [10, 50)
                            (40 frames, kept); sub-range 1.0-2.0 s -> [20, 40)
                            (20 frames, too short at min 40)
    000002   train  150     3 whole captions (one "nan#nan", one with a '#' in
                            its text); two captions at 1.0-4.0 s -> [20, 80);
                            one at 2.0-12.0 s -> clipped [40, 150); one at
                            6.0-7.0 s -> [120, 140) (too short)
    M000002  train  150     mirror of 000002: 1 whole caption, 1 at 1.0-4.0 s
    000003   train   35     too short
    000004   train  200     too long (>= 200)
    000005   train   80     NaN in the features
    000006   train   90     no text file
    000011   train    -     listed in train.txt, no features file
    000007   val     45     whole captions given in odd forms (CRLF, no
                            tokens, no times, BOM)
    M000007  val     45     mirror of 000007
    000010   val     60     wrong feature width (251)
    000008   test   120     only sub-range captions: 0-3 s -> [0, 60),
                            3-6 s -> [60, 120); no whole-motion item
    000009   test    70     caption file with blank lines only

Also writes ``train_val.txt``, ``all.txt``, ``Mean.npy``, ``Std.npy`` and
``new_joints/`` for a few ids.  Returns a dict describing what was written.
"""

from __future__ import annotations

import os

import numpy as np

FEATURE_DIM = 263

CAPTIONS: dict[str, list[str]] = {
    "000001": [
        "a person walks forward.#a/DET person/NOUN walk/VERB forward/ADV#0.0#0.0",
        "someone takes a few steps.#someone/PRON take/VERB a/DET few/ADJ step/NOUN#0.0#0.0",
        "the person raises both arms.#the/DET person/NOUN raise/VERB both/DET arm/NOUN#0.5#2.5",
        "a short wave.#a/DET short/ADJ wave/NOUN#1.0#2.0",
    ],
    "000002": [
        "a man jumps up and down.#a/DET man/NOUN jump/VERB up/ADV and/CCONJ down/ADV#nan#nan",
        "a person hops in place.#a/DET person/NOUN hop/VERB in/ADP place/NOUN#0.0#0.0",
        "a man does a #1 pose.#a/DET man/NOUN do/VERB a/DET 1/NUM pose/NOUN#0.0#0.0",
        "the man jumps.#the/DET man/NOUN jump/VERB#1.0#4.0",
        "a person leaps upward.#a/DET person/NOUN leap/VERB upward/ADV#1.0#4.0",
        "the man lands and turns left.#the/DET man/NOUN land/VERB and/CCONJ turn/VERB left/ADV#2.0#12.0",
        "a quick crouch.#a/DET quick/ADJ crouch/NOUN#6.0#7.0",
    ],
    "M000002": [
        "a man jumps up and down.#a/DET man/NOUN jump/VERB up/ADV and/CCONJ down/ADV#0.0#0.0",
        "the man jumps.#the/DET man/NOUN jump/VERB#1.0#4.0",
    ],
    "000003": ["a person nods.#a/DET person/NOUN nod/VERB#0.0#0.0"],
    "000004": ["a person runs in a circle.#a/DET person/NOUN run/VERB in/ADP a/DET circle/NOUN#0.0#0.0"],
    "000005": ["a person kicks.#a/DET person/NOUN kick/VERB#0.0#0.0"],
    # 000006: no text file on purpose
    "000007": [
        "\ufeffa person waves with the right hand.#a/DET person/NOUN wave/VERB with/ADP the/DET right/ADJ hand/NOUN#0.0#0.0\r",
        "  someone greets.  #someone/PRON greet/VERB  ",
        "a person says hello",
        "",
    ],
    "M000007": [
        "a person waves with the left hand.#a/DET person/NOUN wave/VERB with/ADP the/DET left/ADJ hand/NOUN#0.0#0.0",
    ],
    "000008": [
        "a person sits down.#a/DET person/NOUN sit/VERB down/ADV#0.0#3.0",
        "a person stands up.#a/DET person/NOUN stand/VERB up/ADV#3.0#6.0",
    ],
    "000009": ["", "   ", ""],
    "000010": ["a person spins.#a/DET person/NOUN spin/VERB#0.0#0.0"],
}

FRAMES: dict[str, int] = {
    "000001": 60,
    "000002": 150,
    "M000002": 150,
    "000003": 35,
    "000004": 200,
    "000005": 80,
    "000006": 90,
    "000007": 45,
    "M000007": 45,
    "000008": 120,
    "000009": 70,
    "000010": 60,
}

SPLITS: dict[str, list[str]] = {
    "train": ["000001", "000002", "M000002", "000003", "000004", "000005", "000006", "000011"],
    "val": ["000007", "M000007", "000010"],
    "test": ["000008", "000009"],
}


def _motion(rng: np.random.Generator, frames: int, width: int = FEATURE_DIM) -> np.ndarray:
    """Smooth random features: a cumulative sum of small steps."""
    steps = rng.normal(scale=0.05, size=(frames, width))
    return (np.cumsum(steps, axis=0) + rng.normal(size=(1, width))).astype(np.float32)


def make_humanml3d_fixture(root, *, seed: int = 0) -> dict:
    """Write the fixture described in the module docstring under ``root``."""
    root = os.fspath(root)
    rng = np.random.default_rng(seed)
    feat_dir = os.path.join(root, "new_joint_vecs")
    joint_dir = os.path.join(root, "new_joints")
    text_dir = os.path.join(root, "texts")
    for d in (feat_dir, joint_dir, text_dir):
        os.makedirs(d, exist_ok=True)

    features: dict[str, np.ndarray] = {}
    for mid, frames in FRAMES.items():
        width = 251 if mid == "000010" else FEATURE_DIM
        feats = _motion(rng, frames, width)
        if mid == "000005":
            feats[17, 5] = np.nan
        features[mid] = feats
        np.save(os.path.join(feat_dir, f"{mid}.npy"), feats)
        if mid in ("000001", "000002", "M000002"):
            np.save(
                os.path.join(joint_dir, f"{mid}.npy"),
                rng.normal(size=(frames, 22, 3)).astype(np.float32),
            )

    for mid, lines in CAPTIONS.items():
        # newline="" keeps the explicit "\r" of the CRLF test line
        with open(os.path.join(text_dir, f"{mid}.txt"), "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(lines) + "\n")

    for split, ids in SPLITS.items():
        with open(os.path.join(root, f"{split}.txt"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(ids) + "\n")
    with open(os.path.join(root, "train_val.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(SPLITS["train"] + SPLITS["val"]) + "\n")
    with open(os.path.join(root, "all.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(SPLITS["train"] + SPLITS["val"] + SPLITS["test"]) + "\n")

    train_feats = np.concatenate([features[m] for m in ("000001", "000002", "M000002")])
    mean = train_feats.mean(axis=0).astype(np.float32)
    std = (train_feats.std(axis=0) + 1e-3).astype(np.float32)
    np.save(os.path.join(root, "Mean.npy"), mean)
    np.save(os.path.join(root, "Std.npy"), std)

    return {
        "root": root,
        "features": features,
        "mean": mean,
        "std": std,
        "splits": {k: list(v) for k, v in SPLITS.items()},
    }
