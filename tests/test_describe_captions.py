"""Sentences and captions from descriptions: temporal order, determinism, counts, labels win."""

from __future__ import annotations

import re

import pytest

from backend.data.captions import bandai_captions, swap_left_right
from backend.describe import Description, Event, bandai_facts, cmu_facts, combined_captions, describer_sentences

WALK_TURN_RAISE = Description(
    8.0,
    (
        Event("walk", 0.0, 6.0, direction="forward", speed=1.2, distance=7.0),
        Event("turn", 2.5, 3.5, direction="left", angle=90),
        Event("stand", 6.0, 8.0, manner="still"),
        Event("raise", 6.2, 7.5, side="right", height="overhead", count=2),
    ),
)


def first_position(text: str, words: tuple[str, ...]) -> int:
    found = [m.start() for w in words for m in [re.search(rf"\b{w}", text)] if m]
    assert found, (words, text)
    return min(found)


def test_sentences_say_events_in_temporal_order():
    sentences = describer_sentences(WALK_TURN_RAISE, n=8, seed=0)
    assert len(sentences) == 8
    for s in sentences:
        walk = first_position(s, ("walk", "step", "take"))
        if re.search(r"\bturn", s):
            assert walk < first_position(s, ("turn", "make"))
        if re.search(r"\b(raise|lift|put)", s):
            assert first_position(s, ("turn", "make", "walk")) < first_position(s, ("raise", "lift", "put"))
    assert any("twice" in s or "two times" in s for s in sentences)
    assert all("right" in s for s in sentences if re.search(r"\b(raise|lift|put)", s))


def test_sentences_are_deterministic_for_a_seed():
    assert describer_sentences(WALK_TURN_RAISE, n=5, seed=3) == describer_sentences(WALK_TURN_RAISE, n=5, seed=3)
    assert describer_sentences(WALK_TURN_RAISE, n=5, seed=3) != describer_sentences(WALK_TURN_RAISE, n=5, seed=4)


def test_sentences_are_tidy():
    for s in describer_sentences(WALK_TURN_RAISE, n=10, seed=1):
        assert s.endswith(".") and s[0].islower() and "  " not in s and "~" not in s and "{" not in s


def test_nothing_to_say_gives_no_sentence_and_label_captions_only():
    quiet = Description(3.0, (Event("stand", 0.0, 3.0),))
    assert describer_sentences(quiet) == []
    labels = bandai_captions("bow", "normal", n=8)
    assert combined_captions(labels, quiet, bandai_facts("bow", "normal"), count=8) == labels


@pytest.mark.parametrize("count", [5, 8])
def test_combined_captions_count_forms_and_determinism(count):
    labels = bandai_captions("walk-turn-left", "happy", n=count, seed=2)
    facts = bandai_facts("walk-turn-left", "happy")
    captions = combined_captions(labels, WALK_TURN_RAISE, facts, count=count, seed=2)
    assert len(captions) == count and len(set(captions)) == count
    assert captions == combined_captions(labels, WALK_TURN_RAISE, facts, count=count, seed=2)
    dense = [c for c in captions if any(c.startswith(label) and c != label for label in labels)]
    alone = [c for c in captions if c in labels]
    assert dense and alone and len(dense) + len(alone) < count  # some captions are measured facts alone


def test_the_label_wins_over_a_conflicting_detector():
    wrong = Description(
        6.0,
        (
            Event("walk", 0.0, 6.0, direction="forward", speed=1.1, distance=6.0),
            Event("turn", 2.0, 3.0, direction="right", angle=90),
        ),
    )
    labels = bandai_captions("walk-turn-left", "normal", n=8)
    for caption in combined_captions(labels, wrong, bandai_facts("walk-turn-left", "normal"), count=8):
        assert "right" not in caption, caption
    waving = Description(6.0, (Event("raise", 0.5, 5.0, side="left", height="head"), Event("wave", 0.5, 5.0, side="left", count=8)))
    labels = bandai_captions("raise-up-left-hand", "normal", n=8)
    for caption in combined_captions(labels, waving, bandai_facts("raise-up-left-hand", "normal"), count=8):
        assert "wav" not in caption and "right" not in caption, caption
    run = Description(4.0, (Event("jog", 0.0, 4.0, direction="forward", speed=2.0, distance=8.0),))
    for caption in combined_captions(["a person walks forward."], run, cmu_facts(["walk"]), count=5):
        assert "jog" not in caption and "run" not in caption


def test_label_facts_from_bandai_and_cmu():
    assert bandai_facts("wave-right-hand", "old").hands == "right"
    assert bandai_facts("wave-right-hand", "old").pace == "slow"
    assert bandai_facts("walk-turn-left", "normal").turn == "left"
    facts = cmu_facts(["walk, veer left", "kick with right leg"])
    assert facts.gaits == ("walk",) and facts.turn == "left" and facts.legs == "right"
    assert cmu_facts(["jump up and down, hop on one foot"]).gaits == ()
    assert cmu_facts(["run/jog"]).gaits == ("jog", "run")
    assert cmu_facts(["walk backwards"]).direction == "backward"


def test_mirrored_captions_swap_sides():
    mirrored = Description(8.0, tuple(e.with_(side={"right": "left"}.get(e.side, e.side), direction={"left": "right"}.get(e.direction, e.direction)) for e in WALK_TURN_RAISE.events))
    for a, b in zip(describer_sentences(WALK_TURN_RAISE, n=6, seed=5), describer_sentences(mirrored, n=6, seed=5)):
        assert swap_left_right(a) == b
