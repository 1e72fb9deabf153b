"""Captions for a clip: the label's sentences combined with what the describer measured.

``combined_captions(label_captions, description, facts, count=8, seed=0)``
returns ``count`` distinct captions of three forms, interleaved:

* *dense*: a label sentence followed by a describer sentence that opens
  with the label sentence's pronoun: "a tired man trudges forward. he
  walks slowly for about four metres, then turns about 90 degrees to the
  left, and finally comes to a stop." (half of them);
* *label*: a label sentence alone (a quarter), so short prompts still match;
* *measured*: a describer sentence alone (a quarter).

The description is first cleared of every fact the label contradicts
(``LabelFacts.apply``). A clip whose description has nothing to say keeps
its label captions only. Deterministic for a seed.
"""

from __future__ import annotations

import random
import re

from ..data.captions.phrasing import Subject, make_subject, pick_subject, stable_rng
from .events import Description
from .labels import LabelFacts
from .sentences import clauses, select, sentence

DETAILED = 5  # clauses in a detailed sentence
SHORT = 3  # clauses in a short one


def _subject_of(caption: str) -> Subject:
    """The pronouns that fit a label caption's subject ("a man ... his" -> he)."""
    text = caption.lower()
    if re.search(r"\b(man|he|his|him|himself|boy|guy)\b", text):
        return make_subject("he", "male")
    if re.search(r"\b(woman|she|her|herself|girl|lady)\b", text):
        return make_subject("she", "female")
    return make_subject("they")


def _measured(description: Description, rng: random.Random, subject: Subject, *, pronoun_start: bool) -> str:
    detail = rng.random() < 0.6
    found = select(clauses(description, rng, detail=detail), DETAILED if detail else SHORT)
    return sentence(found, subject, rng, pronoun_start=pronoun_start)


def describer_sentences(description: Description, *, n: int = 5, seed: int = 0, facts: LabelFacts | None = None) -> list[str]:
    """Up to ``n`` distinct sentences saying the clip's events in order ([] when there are none)."""
    if facts is not None:
        description = facts.apply(description)
    rng = stable_rng("describe", seed)
    if not clauses(description, random.Random(0)):
        return []
    out: list[str] = []
    for _ in range(20 * n):
        if len(out) >= n:
            break
        text = _measured(description, rng, pick_subject(rng), pronoun_start=False)
        if text and text not in out:
            out.append(text)
    return out


def combined_captions(
    label_captions: list[str], description: Description, facts: LabelFacts, *, count: int = 8, seed: int = 0
) -> list[str]:
    """``count`` captions mixing the label's sentences with measured ones (see the module docstring)."""
    if not label_captions:
        return []
    description = facts.apply(description)
    rng = stable_rng("combine", seed)
    if not clauses(description, random.Random(0)):
        return list(label_captions[:count])
    plan = ["dense", "label", "dense", "measured"] * (count // 4 + 1)
    labels = iter(label_captions)
    out: list[str] = []
    for form in plan:
        if len(out) >= count:
            break
        for _ in range(20):
            if form == "measured":
                text = _measured(description, rng, pick_subject(rng), pronoun_start=False)
            else:
                label = next(labels, None)
                if label is None:
                    form = "measured"
                    continue
                if form == "label":
                    text = label
                else:
                    text = f"{label} {_measured(description, rng, _subject_of(label), pronoun_start=True)}"
            if text and text not in out:
                out.append(text)
                break
    return out
