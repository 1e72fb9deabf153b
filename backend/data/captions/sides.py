"""Left/right word swapping for captions of mirrored clips."""

from __future__ import annotations

import re

from .tables import load

# The words are data: tables/sides.toml.
_TABLES = load("sides")
# Each pair swaps both ways.
_PAIRS: tuple[tuple[str, str], ...] = _TABLES["pairs"]
# Other spellings of "counterclockwise": they become "clockwise", which swaps
# back to "counterclockwise" (the one spelling that can round-trip).
_ONE_WAY: dict[str, str] = _TABLES["one_way"]
# "right" that is no side: these phrases are left alone.
_IDIOMS: tuple[str, ...] = _TABLES["idioms"]

_SWAP = {}
for _a, _b in _PAIRS:
    _SWAP[_a], _SWAP[_b] = _b, _a
_SWAP.update(_ONE_WAY)

_WORDS = sorted(_SWAP, key=len, reverse=True)
# A word starts at a non-letter, or at a capital that follows a lower-case
# letter (camelCase, "walkLeft"); it ends at a non-letter or a capital.
_WORD = "|".join(re.escape(w) for w in _WORDS)
_PATTERN = re.compile(
    r"(?P<idiom>\b(?i:" + "|".join(_IDIOMS) + r")\b)"
    r"|(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))(?P<word>(?i:" + _WORD + r"))(?![a-z])",
)


def _match_case(template: str, word: str) -> str:
    """Return ``word`` in the letter case of ``template`` (lower, Title or UPPER)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _replace(match: re.Match) -> str:
    """Return the replacement for one matched side word (idioms come back unchanged)."""
    if match.group("idiom"):
        return match.group("idiom")
    word = match.group("word")
    return _match_case(word, _SWAP[word.lower()])


def swap_left_right(text: str) -> str:
    """Return ``text`` with left and right exchanged, keeping each word's letter case.

    Swaps left/right, lt/rt, leftward(s)/rightward(s), lefthand(ed)/righthand(ed),
    leftmost/rightmost and clockwise/counterclockwise (also inside
    "left-hand", "camelCaseLeft"). "counter-clockwise" and "anticlockwise"
    become "clockwise". Swapping twice returns the original text, except for
    those two spellings, which come back as "counterclockwise".
    """
    return _PATTERN.sub(_replace, text)
