"""The shape of each caption table file, checked by ``tables.load`` when the file is read.

Kinds: ``str`` a non-empty string; ``tuple[X, ...]`` a non-empty array of
X; ``tuple[A, B]`` an array of exactly those two; ``dict[str, X]`` a
non-empty table of X; a TypedDict a table with exactly its keys
(``NotRequired`` ones may be left out); ``Regex`` a string that compiles as
a regular expression; ``Weight`` a positive integer; ``Literal[...]`` one of
the values listed. ``Annotated[X, EMPTY_OK]`` lets X be empty.

(No ``from __future__ import annotations`` here: on Python 3.11 a TypedDict
sees ``NotRequired`` only in evaluated annotations.)
"""

from typing import Annotated, Literal, NewType, NotRequired, Required, TypedDict

EMPTY_OK = "may be empty"
Regex = NewType("Regex", str)
Weight = NewType("Weight", int)
Words = tuple[str, ...]
MaybeEmptyWords = Annotated[tuple[str, ...], EMPTY_OK]


class Weighted(TypedDict):
    """A sentence template and how often it is drawn."""

    template: str
    weight: Weight


class Rewrite(TypedDict):
    """A regular-expression rewrite rule (``re.sub(pattern, replace, text)``)."""

    pattern: Regex
    replace: str


# ---------------------------------------------------------------- bandai.toml


class BandaiLabels(TypedDict):
    set_1_contents: Words
    set_2_contents: Words
    set_1_styles: Words
    set_2_styles: Words


class StyleBank(TypedDict):
    adj: Words
    pred: NotRequired[Words]
    adv: Words
    look: Words
    go: NotRequired[Words]
    loco: NotRequired[Words]
    subj: NotRequired[tuple[tuple[str, Literal["", "male", "female"]], ...]]
    as_if: Words


class _StyleWords(TypedDict, total=False):
    adj: Words
    pred: Words
    adv: Words
    look: Words
    go: Words
    loco: Words
    subj: tuple[tuple[str, Literal["", "male", "female"]], ...]
    as_if: Words


class StyleVariant(_StyleWords):
    """A style that takes another style's banks (``like``), replacing the banks it lists."""

    like: Required[str]


class NormalStyle(TypedDict):
    adv: Words
    loco: Words


class BandaiTemplates(TypedDict):
    styled: tuple[Weighted, ...]
    plain: tuple[Weighted, ...]


class BandaiTables(TypedDict):
    walking: Words
    running: Words
    labels: BandaiLabels
    contents: dict[str, Words]
    left_contents: dict[str, Words]
    styles: dict[str, StyleBank]
    style_variants: dict[str, StyleVariant]
    normal: NormalStyle
    style_aliases: dict[str, str]
    templates: BandaiTemplates


# ---------------------------------------------------------------- cmu.toml


class RolePair(TypedDict):
    """A two-person scene: what person A does and what person B does."""

    a: str
    b: str


class CmuGrammar(TypedDict):
    verbs: Words
    extra_gerunds: dict[str, str]
    body_parts: Words
    determiners: Words
    prepositions: Words
    countable: Words
    definite: Words
    compound_first: Words
    sizes: dict[str, str]
    sized_heads: Words
    number_words: dict[str, str]
    tail_fixes: tuple[Rewrite, ...]


class CmuTables(TypedDict):
    word_fixes: dict[str, str]
    phrase_fixes: tuple[Rewrite, ...]
    meta_parts: tuple[Regex, ...]
    meta_whole: Regex
    descriptions: dict[str, str]
    roles: dict[str, RolePair]
    others: Words
    scenes: dict[str, MaybeEmptyWords]
    scene_skip: dict[str, Words]
    fragments: dict[str, str]
    manners: dict[str, str]
    emotions: dict[str, str]
    creatures: Words
    creature_forms: str
    hint_patterns: dict[str, Regex]
    hint_fragments: dict[str, dict[str, str]]
    hint_manners: dict[str, Words]
    hint_scenes: dict[str, Words]
    standalone: Words
    grammar: CmuGrammar
    patterns: dict[str, tuple[Weighted, ...]]
    repeats: Words


# ---------------------------------------------------------------- phrasing.toml


class SubjectEntry(TypedDict):
    text: str
    gender: NotRequired[Literal["male", "female"]]
    weight: Weight


class PhrasingTables(TypedDict):
    subjects: tuple[SubjectEntry, ...]
    proper_starts: Words
    doubling: Words
    irregular_third_person: dict[str, str]
    irregular_gerund: dict[str, str]


# ---------------------------------------------------------------- sides.toml


class SidesTables(TypedDict):
    pairs: tuple[tuple[str, str], ...]
    idioms: tuple[Regex, ...]
    one_way: dict[str, str]


# ---------------------------------------------------------------- augment.toml


class AugmentSubjects(TypedDict):
    neutral: Words
    male: Words
    female: Words


class AugmentTables(TypedDict):
    verbs: Words
    synonyms: tuple[Words, ...]
    subjects: AugmentSubjects


SCHEMAS = {
    "bandai": BandaiTables,
    "cmu": CmuTables,
    "phrasing": PhrasingTables,
    "sides": SidesTables,
    "augment": AugmentTables,
}
