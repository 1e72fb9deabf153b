"""The describer on a few real takes (shared data): labelled contents, sides, captions for the build."""

from __future__ import annotations

import re

import pytest

from backend.data.build import captions_for
from backend.data.sources.common import TakeSpec
from backend.describe import content_of, describe
from backend.describe.agreement import main_verb
from backend.motion.mirror import mirror_positions

from .real_clips import real_clips

WALK_TURN_LEFT = "dataset-2_walk-turn-left_normal_003"
WAVE_RIGHT = "dataset-2_wave-right-hand_active_003"
KICK = "dataset-1_kick_normal_001"


@pytest.fixture(scope="module")
def clips(cmu_folder, bandai_folders):
    return real_clips(cmu_folder, bandai_folders)


@pytest.fixture(scope="module")
def described(clips):
    return {name: describe(positions) for name, positions in clips.items()}


def test_bandai_contents_are_found_with_their_sides(clips, described):
    assert content_of(described[WALK_TURN_LEFT]) == "walk-turn-left"
    assert content_of(described[WAVE_RIGHT]) == "wave-right-hand"
    assert described[KICK].of("kick")
    assert content_of(describe(mirror_positions(clips[WAVE_RIGHT]))) == "wave-left-hand"
    assert content_of(describe(mirror_positions(clips[WALK_TURN_LEFT]))) == "walk-turn-right"


def test_cmu_main_verbs(described):
    assert main_verb(described["02_01"]) == "walk"
    assert main_verb(described["09_01"]) == "run"
    assert main_verb(described["01_01"]) == "jump"
    assert any(e.angle >= 130 for e in described["36_02"].of("turn", "spin"))  # the walk turns around


@pytest.mark.parametrize(
    ("take", "content", "style", "other_side"),
    [(WALK_TURN_LEFT, "walk-turn-left", "normal", "right"), (WAVE_RIGHT, "wave-right-hand", "active", "left")],
)
def test_build_captions_combine_label_and_motion_without_contradiction(described, take, content, style, other_side):
    spec = TakeSpec("bandai", take, "", "train", {"content": content, "style": style})
    name = f"{take}#0-200"
    captions = captions_for(spec, name, 8, 0, described[take])
    assert len(captions) == 8 and len(set(captions)) == 8
    assert all(other_side not in c for c in captions), captions
    assert captions != captions_for(spec, name, 8, 0)  # the describer added something
    assert captions == captions_for(spec, name, 8, 0, described[take])


def test_cmu_build_captions(described):
    spec = TakeSpec("cmu", "02_01", "", "train", {"descriptions": ["walk"], "subject_description": "various expressions"})
    captions = captions_for(spec, "02_01#0-200", 8, 0, described["02_01"])
    assert len(captions) >= 5
    assert all(re.search(r"\bwalk", c) for c in captions)
