"""Caption phrase tables as data: the writers' output is pinned, and every table file keeps its schema.

The golden half hashes what the caption writers say for every Bandai
content x style pair, every CMU description of the shared data (the inputs
are stored in ``fixtures/caption_golden.json``), every key of the CMU phrase
tables, the left/right swap of all of those and the augmentation variants of
a sample. One SHA-256 per group of outputs is stored, so a phrase edit shows
which group it touched. After an intended change to a table or a writer,
rewrite the hashes with::

    .venv/bin/python tests/test_caption_tables.py --update
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.data.captions import augment, bandai, cmu, swap_left_right  # noqa: E402
from backend.data.captions.phrasing import conjugate  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "caption_golden.json"
BANDAI_SEEDS = (0, 1, 2)
CMU_SEEDS = (0, 1, 7)
CMU_CHUNK = 100
# A subject description that triggers each CMU hint whose fragments are tabled.
HINT_SUBJECTS = {
    "golf": "golf", "swim": "swimming", "skateboard": "skateboard", "walk_style": "walk styles",
    "karate": "martial arts", "breakdance": "breakdance", "baby": "baby",
}  # fmt: skip
SWAP_EDGE_CASES = (
    "Turn LEFT, then Right.", "walkLeft and turnRight", "left-handed lefty leftmost", "rt and lt",
    "leftward leftwards righthand", "spin clockwise, then counter-clockwise, then anticlockwise",
    "at a right angle, all right, right away", "counterclockwisely", "Left", "the bright light was left",
)  # fmt: skip


def _digest(outputs: list) -> str:
    return hashlib.sha256(json.dumps(outputs, ensure_ascii=False).encode("utf-8")).hexdigest()


def _stored() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _bandai_styles() -> list[str]:
    return list(bandai.STYLES) + ["normal"] + list(bandai.STYLE_ALIASES)


def _cmu_table_inputs() -> dict[str, list[tuple[str, str]]]:
    """(description, subject description) pairs that reach every key of the CMU phrase tables."""
    roles = [(f"{key} (2 subjects - subject {r})", "") for key in cmu.ROLES for r in "AB"]
    roles += [(cmu.swap_roles(key), "") for key in cmu.ROLES]
    hints = [(key, HINT_SUBJECTS[hint]) for hint, table in cmu.HINT_FRAGMENTS.items() for key in table]
    return {
        "descriptions": [(key, "") for key in cmu.DESCRIPTIONS],
        "fragments": [(key, "") for key in cmu.FRAGMENTS] + [(f"dance - {key}", "") for key in cmu.FRAGMENTS],
        "roles": roles,
        "manners": [(f"{key} walk", "") for key in cmu.MANNERS] + [(key, "walk styles") for key in cmu.MANNERS],
        "creatures": [(key, "") for key in cmu.ANIMALS] + [(key, "walk styles") for key in cmu.ANIMALS],
        "scenes": [(f"{scene} - jump, turn around", "") for scene in cmu.SCENES],
        "hints": hints + [("walk forward", s) for s in ("michael jackson", "baby", "skateboard", "female")],
    }


@cache
def outputs() -> dict[str, list]:
    """Every group of writer outputs, by group name."""
    groups: dict[str, list] = {}
    every_caption: list[str] = []
    for content in bandai.CONTENTS:
        rows = [bandai.bandai_captions(content, style, n=8, seed=seed) for style in _bandai_styles() for seed in BANDAI_SEEDS]
        groups[f"bandai/{content}"] = rows
        every_caption += [c for row in rows for c in row]
    pairs = [tuple(p) for p in _stored()["cmu_pairs"]]
    for start in range(0, len(pairs), CMU_CHUNK):
        chunk = pairs[start : start + CMU_CHUNK]
        rows = [cmu.cmu_captions(d, s, n=5, seed=seed) for d, s in chunk for seed in CMU_SEEDS]
        groups[f"cmu/real/{start // CMU_CHUNK:02d}"] = rows
        every_caption += [c for row in rows for c in row]
    for name, inputs in _cmu_table_inputs().items():
        rows = [cmu.cmu_captions(d, s, n=5, seed=seed) for d, s in inputs for seed in (0, 3)]
        groups[f"cmu/tables/{name}"] = rows
        every_caption += [c for row in rows for c in row]
    groups["swap/captions"] = [swap_left_right(c) for c in every_caption]
    groups["swap/edge-cases"] = [swap_left_right(c) for c in SWAP_EDGE_CASES]
    bandai_sample = [bandai.bandai_captions(c, s, n=8, seed=1) for c in bandai.CONTENTS for s in _bandai_styles()]
    groups["augment/bandai"] = [augment.variants(caps, 6, seed) for caps in bandai_sample for seed in (0, 5)]
    cmu_sample = [cmu.cmu_captions(d, s, n=6, seed=2) for d, s in pairs[::3]]
    groups["augment/cmu"] = [augment.variants(caps, 6, seed) for caps in cmu_sample for seed in (0, 5)]
    rng = random.Random(11)
    groups["augment/rewrites"] = [augment.rewrites(c, rng) for c in every_caption[::7]]
    verbs = sorted(augment.VERBS | cmu.VERBS)
    groups["phrasing/verbs"] = [[conjugate(v, "3s"), conjugate(v, "ing")] for v in verbs]
    return groups


def test_golden_groups_are_all_present():
    stored = _stored()["sha256"]
    assert sorted(stored) == sorted(outputs()), "a group of caption outputs appeared or vanished"


@pytest.mark.parametrize("group", sorted(_stored()["sha256"]))
def test_captions_are_byte_identical_to_the_golden_file(group):
    assert _digest(outputs()[group]) == _stored()["sha256"][group], (
        f"caption outputs of {group} changed; if intended, run tests/test_caption_tables.py --update"
    )


def _update() -> None:
    stored = _stored()
    stored["sha256"] = {name: _digest(rows) for name, rows in sorted(outputs().items())}
    _write(stored)


def _write(data: dict) -> None:
    pairs = ",\n".join("  " + json.dumps(list(p), ensure_ascii=False) for p in data["cmu_pairs"])
    hashes = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in data["sha256"].items())
    GOLDEN.write_text(
        "{\n"
        f'"note": {json.dumps(data["note"])},\n'
        f'"sha256": {{\n{hashes}\n}},\n'
        f'"cmu_pairs": [\n{pairs}\n]\n'
        "}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: tests/test_caption_tables.py --update")
    _update()
    print(f"wrote {GOLDEN}")
