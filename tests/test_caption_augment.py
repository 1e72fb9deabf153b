"""Training text augmentation (backend/data/captions/augment.py)."""

from __future__ import annotations

import re

import pytest

from backend.data.captions import bandai_captions, cmu_captions
from backend.data.captions.augment import rewrites, variants
from backend.data.captions.bandai import SET_1_CONTENTS, SET_1_STYLES
import random


def _sides(text: str) -> list[str]:
    return re.findall(r"\b(left|right)\b", text.lower())


@pytest.mark.parametrize("content", sorted(SET_1_CONTENTS))
def test_variants_keep_sides_and_never_repeat_a_caption(content):
    for style in sorted(SET_1_STYLES)[:4]:
        captions = bandai_captions(content, style, n=8, seed=1)
        extra = variants(captions, 6, seed=3)
        assert extra, (content, style)
        seen = {c.lower().rstrip(".") for c in captions}
        assert not seen & {e.lower().rstrip(".") for e in extra}
        assert len({e.lower().rstrip(".") for e in extra}) == len(extra)
        sides = {tuple(_sides(c)) for c in captions}
        for e in extra:
            assert tuple(_sides(e)) in sides, e


def test_variants_are_deterministic_and_respect_n():
    captions = cmu_captions("walk forward, turn around and wave", "", n=8, seed=2)
    assert variants(captions, 5, seed=9) == variants(captions, 5, seed=9)
    assert len(variants(captions, 5, seed=9)) == 5
    assert variants(captions, 0, seed=9) == [] and variants([], 4, seed=1) == []


def test_rewrites_make_imperative_ing_and_subjectless_forms():
    out = rewrites("a person walks forward and waves the left hand.", random.Random(0))
    assert "walk forward and wave the left hand" in out
    assert "walking forward and waving the left hand" in out
    assert "walks forward and waves the left hand" in out
    assert "a person is walking forward and waving the left hand." in out


def test_rewrites_leave_verbs_alone_when_a_later_verb_is_unknown():
    out = rewrites("a person walks forward and zorbles twice.", random.Random(0))
    assert not any(o.startswith(("walk forward", "walking forward")) for o in out)


def test_gendered_subjects_keep_their_pronouns():
    for seed in range(20):
        for o in rewrites("a man raises his left hand.", random.Random(seed)):
            if " his " in o and not o.startswith(("raise", "raising")):
                assert o.split(" his ")[0].split()[:2] != ["a", "woman"], o
                assert not re.match(r"(a|the) (woman|lady|person|character)\b", o), o


def test_fewer_variants_are_a_prefix_of_more():
    """`data pack --variants N` cuts a build's rewrites to the first N: the
    same captions a build with caption_variants=N holds."""
    for content, style in (("walk", "tired"), ("wave-right-hand", "happy"), ("kick", "normal")):
        captions = bandai_captions(content, style, n=8, seed=5)
        six = variants(captions, 6, seed=11)
        for n in range(7):
            assert variants(captions, n, seed=11) == six[:n]
