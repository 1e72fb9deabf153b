"""More phrasings of a clip's finished captions (training text augmentation).

Prompts typed by artists differ from the caption writers' sentences in ways
that do not change the motion: who the subject is ("a woman", "the
character", none at all), the mood of the verb ("wave the left hand",
"waving", "is waving"), plain synonyms ("lifts" / "raises", "in place" /
"on the spot") and the final full stop. ``variants(captions, n, seed)`` rewrites a
clip's captions with those changes; what the sentence says about the motion,
its sides included, is kept word for word.

Rules that keep the meaning:

* a subject is swapped only for one with the same pronouns ("a man" ->
  "the guy", "a person" -> "the character"), so "his" / "their" later in the
  sentence stay right; a neutral subject becomes a gendered one only when no
  pronoun follows;
* subjects that say something about the motion ("a child", "an old man",
  "a tired person") come only from the caption writers, where the style label
  says so, never from here;
* the imperative and the -ing forms are made only when every verb of the
  sentence is one this module knows, so no verb is left half-converted;
* synonyms are swapped only inside a group that means the same movement
  (never "walk" / "run", "run" / "dash" or "left" / "right").

Used by the dataset build for training clips only; validation and test keep
the writers' captions.
"""

from __future__ import annotations

import random
import re

from .phrasing import gerund, stable_rng
from .tables import load

# The words are data: tables/augment.toml.
_TABLES = load("augment")

# Subjects by pronoun class; the first group of each class is also what the
# parser recognises at the start of a sentence.
NEUTRAL: tuple[str, ...] = _TABLES["subjects"]["neutral"]
MALE: tuple[str, ...] = _TABLES["subjects"]["male"]
FEMALE: tuple[str, ...] = _TABLES["subjects"]["female"]
_NEUTRAL_PRONOUNS = re.compile(r"\b(they|them|their|theirs|themselves|they're)\b")
_CLASSES = (NEUTRAL, MALE, FEMALE)
_SUBJECT = re.compile(
    r"^(" + "|".join(sorted((re.escape(s) for c in _CLASSES for s in c), key=len, reverse=True)) + r") (\w+)\b(.*)$"
)

# Base forms of the verbs the imperative and -ing rewrites may touch.
VERBS = frozenset(_TABLES["verbs"])

# Groups of interchangeable words (same movement, same side); each maps to
# its group. Longest phrases first when matching.
SYNONYMS: tuple[tuple[str, ...], ...] = _TABLES["synonyms"]
_SYN_INDEX = {w: g for g in SYNONYMS for w in g}
_SYN_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SYN_INDEX), key=len, reverse=True)) + r")\b")


def _base(verb_3s: str) -> str | None:
    """Return the base form of a third-person verb this module knows ("waves" -> "wave"), else None."""
    for base in (verb_3s[:-3] + "y" if verb_3s.endswith("ies") else None, verb_3s[:-2], verb_3s[:-1]):
        if base and base in VERBS and verb_3s.endswith("s"):
            return base
    return None


_LATER_VERB = re.compile(r"(\b(?:and|then|before|while)\s+|,\s+)(\w+s)\b")


def _convert_verbs(rest: str, form: str) -> str | None:
    """Return ``rest`` (after the first verb) with later coordinated third-person verbs in ``form``
    ("base" or "ing"); None when a word that looks like a coordinated verb is not a known verb."""
    failed = False

    def swap(match: re.Match) -> str:
        nonlocal failed
        word = match.group(2)
        base = _base(word)
        if base is None:
            if word.endswith(("ss", "us", "is")) or match.group(1).startswith(","):
                return match.group(0)  # "across", "his": not a verb
            failed = True
            return match.group(0)
        return match.group(1) + (base if form == "base" else gerund(base))

    out = _LATER_VERB.sub(swap, rest)
    return None if failed else out


def _parse(sentence: str) -> tuple[str, tuple[str, ...], str, str] | None:
    """Split "a man waves his hand." into (subject, its class, first verb, rest) or None."""
    match = _SUBJECT.match(sentence.rstrip("."))
    if not match:
        return None
    subject, verb, rest = match.groups()
    cls = next(c for c in _CLASSES if subject in c)
    return subject, cls, verb, rest


def rewrites(sentence: str, rng: random.Random) -> list[str]:
    """Every meaning-preserving rewrite of one caption this module can make, in a random order."""
    out: list[str] = []
    parsed = _parse(sentence)
    if parsed is not None:
        subject, cls, verb, rest = parsed
        pronoun_free = not _NEUTRAL_PRONOUNS.search(rest) and not re.search(r"\b(he|him|his|himself|she|her|herself)\b", rest)
        pool = [s for s in cls if s != subject]
        if pronoun_free:
            pool += [s for c in _CLASSES if c is not cls for s in c]
        if pool:
            out.append(f"{rng.choice(pool)} {verb}{rest}.")
        base = _base(verb)
        if base is not None and pronoun_free:
            later_base = _convert_verbs(rest, "base")
            later_ing = _convert_verbs(rest, "ing")
            if later_base is not None:
                out.append(f"{base}{later_base}")  # imperative: "wave the left hand"
            if later_ing is not None:
                out.append(f"{gerund(base)}{later_ing}")  # "waving the left hand"
                out.append(f"{subject} is {gerund(base)}{later_ing}.")
            out.append(f"{verb}{rest}")  # no subject: "waves the left hand"
    if _SYN_PATTERN.search(sentence):
        out.append(_SYN_PATTERN.sub(lambda m: rng.choice([w for w in _SYN_INDEX[m.group(1)] if w != m.group(1)] or [m.group(1)]), sentence))
    rng.shuffle(out)
    return out


def variants(captions: list[str], n: int, seed: int) -> list[str]:
    """Up to ``n`` new captions rewritten from ``captions`` (none of them repeated), the same for the same arguments.

    Half of the rewrites lose their final full stop, as typed prompts do.
    """
    if n <= 0 or not captions:
        return []
    rng = stable_rng("augment", seed)
    seen = {c.lower().rstrip(".") for c in captions}
    pools = [rewrites(c, rng) for c in captions]
    out: list[str] = []
    while len(out) < n and any(pools):
        for pool in pools:
            if not pool or len(out) >= n:
                continue
            text = pool.pop()
            text = text.rstrip(".") + ("." if rng.random() < 0.5 else "")
            key = text.lower().rstrip(".")
            if key not in seen:
                seen.add(key)
                out.append(text)
    return out
