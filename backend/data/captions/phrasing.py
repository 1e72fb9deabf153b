"""Shared sentence helpers for the caption writers.

Verb phrases are written in the base form. A ``~`` marks each verb that must
be conjugated ("~walk forward and ~turn left"); without any mark the first
word is the verb. ``{their}``, ``{them}``, ``{they}`` and ``{themselves}``
stand for the pronouns of the sentence's subject.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

from .tables import load

# Subjects, irregular verbs and capitalised words are data: tables/phrasing.toml.
_TABLES = load("phrasing")

# ---------------------------------------------------------------- subjects


@dataclass(frozen=True)
class Subject:
    """A sentence subject and the pronouns that refer back to it."""

    text: str
    they: str = "they"
    them: str = "them"
    their: str = "their"
    themselves: str = "themselves"
    gender: str = ""  # "", "male" or "female"

    @property
    def plural_verb(self) -> bool:
        """True when the pronoun takes a plural verb ("they walk")."""
        return self.they == "they"


_HE = dict(they="he", them="him", their="his", themselves="himself", gender="male")
_SHE = dict(they="she", them="her", their="her", themselves="herself", gender="female")


def make_subject(text: str, gender: str = "") -> Subject:
    """Return a subject whose pronouns follow ``gender`` ("male", "female" or "" for they)."""
    return Subject(text, **(_HE if gender == "male" else _SHE if gender == "female" else {}))


# (subject, weight): HumanML3D mostly says "a person" and "a man" (tables/phrasing.toml).
SUBJECTS: tuple[tuple[Subject, int], ...] = tuple(
    (make_subject(entry["text"], entry.get("gender", "")), entry["weight"]) for entry in _TABLES["subjects"]
)


def pick_subject(rng: random.Random, gender: str = "") -> Subject:
    """Return a weighted random subject; ``gender`` ("male"/"female") rules out the other sex."""
    pool = [(s, w) for s, w in SUBJECTS if not s.gender or not gender or s.gender == gender]
    return rng.choices([s for s, _ in pool], weights=[w for _, w in pool])[0]


def fill_pronouns(text: str, subject: Subject) -> str:
    """Return ``text`` with the pronoun slots filled for ``subject``."""
    return (
        text.replace("{themselves}", subject.themselves)
        .replace("{their}", subject.their)
        .replace("{them}", subject.them)
        .replace("{they}", subject.they)
    )


# ---------------------------------------------------------------- verbs

_IRREGULAR_3S: dict[str, str] = _TABLES["irregular_third_person"]
_IRREGULAR_GERUND: dict[str, str] = _TABLES["irregular_gerund"]
# Verbs whose last consonant doubles before -ing ("run" -> "running").
DOUBLING = frozenset(_TABLES["doubling"])


def third_person(verb: str) -> str:
    """Return the third-person singular present of a base-form verb ("catch" -> "catches")."""
    if verb in _IRREGULAR_3S:
        return _IRREGULAR_3S[verb]
    if re.search(r"(s|sh|ch|x|z|o)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def gerund(verb: str) -> str:
    """Return the -ing form of a base-form verb ("sit" -> "sitting", "lie" -> "lying")."""
    if verb in _IRREGULAR_GERUND:
        return _IRREGULAR_GERUND[verb]
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith(("ee", "ye", "oe")):
        return verb + "ing"
    if verb.endswith("e") and len(verb) > 2:
        return verb[:-1] + "ing"
    if verb in DOUBLING:
        return verb + verb[-1] + "ing"
    return verb + "ing"


_MARK = re.compile(r"~([a-z]+(?:-[a-z]+)*)")


def conjugate(vp: str, form: str) -> str:
    """Return the verb phrase ``vp`` with its marked verbs in ``form``.

    ``form`` is "base", "3s" (third-person singular) or "ing".
    """
    if "~" not in vp:
        vp = "~" + vp
    if form == "base":
        return _MARK.sub(lambda m: m.group(1), vp)
    change = third_person if form == "3s" else gerund
    return _MARK.sub(lambda m: change(m.group(1)), vp)


def verb_for(subject: Subject, vp: str) -> str:
    """Return ``vp`` conjugated to agree with the pronoun of ``subject`` ("they walk", "he walks")."""
    return conjugate(vp, "base" if subject.plural_verb else "3s")


# ---------------------------------------------------------------- words


def article(phrase: str) -> str:
    """Return "a" or "an" for the phrase that follows."""
    word = phrase.strip().lower()
    if re.match(r"(hour|honest|heir)", word):
        return "an"
    if re.match(r"(uni|use|usu|one|eu|u[bcfhjkqrst][aeiou])", word):
        return "a"
    return "an" if word[:1] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """Return ``phrase`` preceded by "a" or "an"."""
    return f"{article(phrase)} {phrase}"


def join_list(items: list[str], last: str = "and") -> str:
    """Return items joined as English prose: "a", "a and b", "a, b, and c"."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {last} {items[1]}"
    return ", ".join(items[:-1]) + f", {last} {items[-1]}"


def finish(sentence: str) -> str:
    """Return a tidy sentence: single spaces, no space before punctuation, lower-case start, one final period."""
    s = re.sub(r"\s+", " ", sentence).strip()
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = re.sub(r",\s*,", ",", s)
    s = re.sub(r"([,;:])(?=\S)", r"\1 ", s)
    s = s.strip(" ,;:")
    s = re.sub(r"[.!?]+$", "", s)
    if s[:1].isupper() and not s[1:2].isupper() and not s.startswith(PROPER_STARTS):
        s = s[0].lower() + s[1:]
    return s + "."


# Words that keep their capital at the start of a sentence.
PROPER_STARTS: tuple[str, ...] = _TABLES["proper_starts"]


def capitalise(text: str) -> str:
    """Return ``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def stable_rng(*parts: object) -> random.Random:
    """Return a ``random.Random`` seeded from ``parts`` identically in every Python process."""
    key = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return random.Random(zlib.crc32(key) ^ (len(key) << 32))


def collect(make, n: int, rng: random.Random, tries: int = 60) -> list[str]:
    """Return up to ``n`` distinct sentences from ``make(rng)``, in the order made.

    ``make`` returns a finished sentence or ``None``; it is called at most
    ``tries * n`` times.
    """
    out: list[str] = []
    seen: set[str] = set()
    for _ in range(max(1, tries * n)):
        if len(out) >= n:
            break
        sentence = make(rng)
        if not sentence:
            continue
        key = sentence.lower()
        if key not in seen:
            seen.add(key)
            out.append(sentence)
    return out
