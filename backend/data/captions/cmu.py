"""Captions for CMU takes from Bruce Hahne's one-line descriptions.

A description ("playground - forward jumps, turn around") is normalised
(typos, abbreviations, camelCase, take numbers, "(2 subjects - subject A)"),
split into its listed actions in order, and each action is turned into one
or more base-form verb phrases. The sentences then put a subject in front
and join the actions with "and then", ", then", "before" and so on.

Phrase tables hold the vocabulary, as data in ``tables/cmu.toml``: whole
descriptions that need a hand-made reading, single fragments, manner words
("slow", "zombie"), nouns that name an activity ("cartwheels"), and hints
taken from the subject description ("golf": "swing" is a golf swing). Verb
phrases use the marks of ``phrasing``: "~" before each verb to conjugate,
"{their}" for pronouns. This module holds the reading and the sentences.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .phrasing import (
    capitalise,
    collect,
    conjugate,
    fill_pronouns,
    finish,
    gerund,
    pick_subject,
    stable_rng,
    verb_for,
    with_article,
)
from .sides import swap_left_right
from .tables import load, rewrites, weighted

# The vocabulary is data: tables/cmu.toml. The names below are its tables
# in the shapes the functions use.
_TABLES = load("cmu")
_GRAMMAR = _TABLES["grammar"]

# ====================================================================== text clean-up

WORD_FIXES: dict[str, str] = _TABLES["word_fixes"]
PHRASE_FIXES: tuple[tuple[str, str], ...] = rewrites(_TABLES["phrase_fixes"])
# Descriptions, or parts of them, that say nothing about the motion; the last
# pattern matches a whole description that says nothing.
META: tuple[str, ...] = (*_TABLES["meta_parts"], _TABLES["meta_whole"])


def normalise(text: str) -> tuple[str, str]:
    """Return (clean lower-case description, role) where role is "A", "B" or "".

    Role comes from "(2 subjects - subject A)": which of two people this take is.
    """
    s = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2013", "-")
    role = ""
    m = re.search(r"\(\s*\d*\s*subjects?\s*-\s*subject\s*([AB])\s*\)", s, re.I)
    if m:
        role = m.group(1).upper()
        s = s[: m.start()] + " " + s[m.end() :]
    s = re.sub(r"\(\s*(?:pantomime\s*-\s*)?human subject\s*\)", " ", s, flags=re.I)
    s = re.sub(r"\(\s*pantomime[^)]*\)", " ", s, flags=re.I)
    for pattern in META[:-1]:
        s = re.sub(pattern, " ", s, flags=re.I)
    # Take numbers glued to a word: "Cartwheels001", "lindyHop2", "slope1", "charleston_01".
    s = re.sub(r"(?<=[A-Za-z])(8)(s?)\b", r" 8\2", s)
    s = re.sub(r"(?<=[A-Za-z])_?0*\d{1,3}\b(?<! 8)", "", s)
    s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", s)
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z]{2})", " ", s)
    s = s.replace("_", " ")
    s = re.sub(r"(?<=[a-zA-Z])(?=\d)|(?<=\d)(?=[a-zA-Z])", " ", s)
    s = re.sub(r"(\d) \. (\d)", r"\1.\2", s.lower())
    words = []
    for w in s.split():
        core = w.strip(",;.:()")
        words.append(w.replace(core, WORD_FIXES[core]) if core in WORD_FIXES else w)
    s = " ".join(words)
    for pattern, repl in PHRASE_FIXES:
        s = re.sub(pattern, repl, s)
    s = re.sub(r"\bslope ?\d\b", "slope", s)
    s = re.sub(r"(?<=[a-z]) [1-9]$", "", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;-")
    s = re.sub(r"\s*,\s*(,\s*)*", ", ", s).strip(" ,")
    if re.match(META[-1], s):
        s = ""
    return s, role


# ====================================================================== phrase tables
# "a | b" lists alternatives for one action; "a >> b" lists actions in order.

# Whole descriptions (after normalise, without the "playground - " style prefix).
DESCRIPTIONS: dict[str, str] = _TABLES["descriptions"]
# Two-person scenes: (what person A does, what person B does); "{o}" is the other person.
ROLES: dict[str, tuple[str, str]] = {key: (pair["a"], pair["b"]) for key, pair in _TABLES["roles"].items()}
OTHERS: tuple[str, ...] = _TABLES["others"]
# Words that make a scene redundant ("dribbles a basketball ... with a basketball").
SCENE_SKIP: dict[str, tuple[str, ...]] = _TABLES["scene_skip"]
# Prefixes before " - ": scene words, or nothing for pure labels.
SCENES: dict[str, tuple[str, ...]] = _TABLES["scenes"]
# Single fragments ("pirouette", "dangle legs"): one action each.
FRAGMENTS: dict[str, str] = _TABLES["fragments"]
# "<manner> walk": alternatives after the verb that say how something is done.
MANNERS: dict[str, str] = _TABLES["manners"]
# Manner words that can be shown without a verb: "sad" -> "act sad".
EMOTIONS: dict[str, str] = _TABLES["emotions"]
# Creatures and characters acted out: "act like a <x>".
ANIMALS: tuple[str, ...] = _TABLES["creatures"]
ANIMAL_FORMS: str = _TABLES["creature_forms"]
# Hints from the subject description: (pattern, hint name), and what each hint changes.
HINTS: tuple[tuple[str, str], ...] = tuple((pattern, name) for name, pattern in _TABLES["hint_patterns"].items())
HINT_FRAGMENTS: dict[str, dict[str, str]] = _TABLES["hint_fragments"]
HINT_MANNERS: dict[str, tuple[str, ...]] = _TABLES["hint_manners"]
HINT_SCENES: dict[str, tuple[str, ...]] = _TABLES["hint_scenes"]
# Never given a scene or a manner: calibration-like takes.
STANDALONE: tuple[str, ...] = _TABLES["standalone"]

# Mirror images of the left-handed entries, so that the two sides agree.
for _table in (DESCRIPTIONS, FRAGMENTS, ROLES):
    for _key, _value in list(_table.items()):
        _twin = swap_left_right(_key)
        if _twin != _key and _twin not in _table:
            _table[_twin] = (
                tuple(swap_left_right(v) for v in _value) if isinstance(_value, tuple) else swap_left_right(_value)
            )
for _hint in HINT_FRAGMENTS.values():
    for _key, _value in list(_hint.items()):
        _hint.setdefault(swap_left_right(_key), swap_left_right(_value))

# ====================================================================== generic grammar

VERBS = frozenset(_GRAMMAR["verbs"])
_GERUNDS = {gerund(v): v for v in VERBS} | _GRAMMAR["extra_gerunds"]
BODY_PARTS = frozenset(_GRAMMAR["body_parts"])
DETERMINERS = frozenset(_GRAMMAR["determiners"])
PREPOSITIONS = frozenset(_GRAMMAR["prepositions"])
# Nouns that take "a" on first mention and "the" after, and nouns that always take "the".
COUNTABLE = frozenset(_GRAMMAR["countable"])
DEFINITE = frozenset(_GRAMMAR["definite"])
SIZES: dict[str, str] = _GRAMMAR["sizes"]
SIZED_HEADS: tuple[str, ...] = _GRAMMAR["sized_heads"]
# Words that make the next noun part of a compound ("heavy box", "tool box"): no article between.
COMPOUND_FIRST = frozenset(_GRAMMAR["compound_first"])
NUMBER_WORDS: dict[str, str] = _GRAMMAR["number_words"]
TAIL_FIXES: tuple[tuple[str, str], ...] = rewrites(_GRAMMAR["tail_fixes"])

# Sentence patterns by number of actions (3: three or more); the slots are listed in tables/cmu.toml.
PATTERNS: dict[int, tuple[tuple[str, int], ...]] = {int(n): weighted(p) for n, p in _TABLES["patterns"].items()}
REPEATS: tuple[str, ...] = _TABLES["repeats"]


# ====================================================================== parsing


@dataclass
class Act:
    """One listed action: alternative base-form verb phrases for it."""

    forms: tuple[str, ...]


@dataclass
class Reading:
    """What a description says: actions in order plus sentence-wide extras."""

    acts: list[Act] = field(default_factory=list)
    scenes: tuple[str, ...] = ()
    manners: tuple[str, ...] = ()
    repeat: bool = False
    gender: str = ""
    standalone: bool = False


def _alternatives(spec: str) -> list[Act]:
    """Return the actions of a table entry ("a | b >> c")."""
    return [Act(tuple(p.strip() for p in part.split(" | ") if p.strip())) for part in spec.split(" >> ") if part.strip()]


def _possessives(words: list[str]) -> list[str]:
    """Return ``words`` with "{their}" before bare body parts ("lift arm" -> "lift {their} arm")."""
    out: list[str] = []
    for i, word in enumerate(words):
        previous = out[-1] if out else ""
        if word in BODY_PARTS and i > 0 and previous not in DETERMINERS and (previous in PREPOSITIONS or i == 1):
            out.append("{their}")
        out.append(word)
    return out


def _articles(words: list[str], seen: set[str]) -> list[str]:
    """Return ``words`` with "a"/"the" before bare countable nouns; ``seen`` remembers earlier mentions."""
    out: list[str] = []
    for i, word in enumerate(words):
        previous = out[-1] if out else ""
        bare = previous not in DETERMINERS and not previous.endswith("'s") and not previous.isdigit()
        if i > 0 and bare and previous not in COMPOUND_FIRST:
            if word in COUNTABLE:
                out.append("the" if word in seen else with_article(word).split()[0])
                seen.add(word)
            elif word in DEFINITE:
                out.append("the")
        elif i > 0 and word in COUNTABLE:
            seen.add(word)
        out.append(word)
    return out


def _verb_phrase(words: list[str], seen: set[str]) -> str:
    """Return a marked base-form verb phrase from words whose first word is a verb."""
    verb = words[0]
    rest = _articles(_possessives(words), seen)[1:]
    if verb in ("lay", "lie") and rest[:1] in (["down"], ["on"]):
        verb = "lie"
    tail = " ".join(NUMBER_WORDS.get(w, w) for w in rest)
    for pattern, repl in TAIL_FIXES:
        tail = re.sub(pattern, repl, tail)
    return f"~{verb} {tail}".strip()


def _sized(words: list[str], seen: set[str]) -> list[Act]:
    """Return "take a short step forward" style actions for "<size> <step|hop|jump> <where>"."""
    text = " ".join(words)
    for size in sorted(SIZES, key=len, reverse=True):
        for head in SIZED_HEADS:
            m = re.match(rf"^{size} {head}(s?)\b(.*)$", text)
            if not m:
                continue
            plural, where = m.group(1), m.group(2).strip()
            for pattern, repl in TAIL_FIXES:
                where = re.sub(pattern, repl, where)
            adjective = SIZES[size]
            take = "~take" if head in ("step", "sidestep") else "~do"
            noun = f"{adjective} {head}{plural}"
            first = f"{take} {noun if plural else with_article(noun)} {where}".strip()
            verb, unit = ("step sideways", "step") if head == "sidestep" else (head, head)
            second = f"~{verb} {where} with {'' if plural else 'a '}{adjective} {unit}{plural}".replace("  ", " ")
            return [Act((first, second.strip()))]
    return []


def _manner_split(text: str) -> tuple[str, str]:
    """Return (manner key, rest) when ``text`` starts with a manner word, else ("", text)."""
    for key in sorted(MANNERS, key=len, reverse=True):
        if text.startswith(key + " "):
            return key, text[len(key) + 1 :]
    return "", text


def _with_manner(acts: list[Act], key: str) -> list[Act]:
    """Return ``acts`` with the manner ``key`` added to the first one."""
    if not acts:
        return acts
    manners = [m.strip() for m in MANNERS[key].split(" | ")]
    first = acts[0]
    forms = tuple(f"{form} {manner}" for form in first.forms for manner in manners)
    return [Act(forms)] + acts[1:]


def _animal(text: str) -> list[Act]:
    """Return "act like a <animal>" actions, or [] when ``text`` names no creature."""
    names = [n.strip() for n in text.split("/")]
    if not all(n in ANIMALS for n in names):
        return []
    creature = " or ".join(with_article(n) for n in names)
    return _alternatives(ANIMAL_FORMS.replace("{a}", creature))


def _fragment(text: str, hints: set[str], seen: set[str], depth: int = 0) -> list[Act]:
    """Return the actions that one comma-separated fragment describes ([] when it says nothing)."""
    text = text.strip(" ,;.")
    if not text or depth > 3:
        return []
    for hint in sorted(hints):
        table = HINT_FRAGMENTS.get(hint, {})
        if text in table:
            return _alternatives(table[text])
    if text in DESCRIPTIONS and DESCRIPTIONS[text]:
        return _alternatives(DESCRIPTIONS[text])
    if text in FRAGMENTS:
        return _alternatives(FRAGMENTS[text])
    if text in MANNERS:
        if "walk_style" in hints or "baby" in hints:
            return _with_manner([Act(("~walk",))], text)
        if text in EMOTIONS:
            return [Act((f"~act {text}", f"~look {text}", f"~show {EMOTIONS[text]}"))]
    creature = _animal(text)
    if creature:
        if "walk_style" in hints:
            return _with_manner([Act(("~walk",))], text) if text in MANNERS else [Act((f"~walk like {with_article(text)}",))]
        return creature
    m = re.match(r"^(?:carry )?(\d+(?:\.\d+)?) pound(?: suitcase)?$", text)
    if m:
        load = "suitcase" if "suitcase" in hints or "suitcase" in text else "load"
        return [Act((f"~carry a {m.group(1)}-pound {load}", f"~carry a {load} weighing {m.group(1)} pounds"))]
    if text in ("slope", "slopes"):
        return [Act(("~walk on a slope", "~walk along a slope"))]
    m = re.match(r"^(\d+)[- ]degree (smooth )?(left|right) turn(s?)$", text)
    if m:
        deg, smooth, side, plural = m.groups()
        several = " several times" if plural else ""
        a = f"~make {'' if plural else 'a '}{smooth or ''}{deg}-degree {side} turn{plural}"
        return [Act((a.replace("  ", " "), f"~turn {deg} degrees to the {side}{several}"))]
    m = re.match(r"^hop turn (?:(left) )?(\d+) degrees (?:(left) )?in air$", text)
    if m:
        side = m.group(1) or m.group(3)
        return [Act((f"~hop and ~turn {m.group(2)} degrees to the {side} in the air", f"~hop, turning {m.group(2)} degrees to the {side} in mid-air"))]
    m = re.match(r"^(\d+) (.+)$", text)
    if m and m.group(1) in ("3", "2", "4") and m.group(2).split()[0] in ("steps", "stairs"):
        number = {"2": "two", "3": "three", "4": "four"}[m.group(1)]
        return [Act((f"~go up {number} {m.group(2)}",))]
    sized = _sized(text.split(), seen)
    if sized:
        return sized
    if "/" in text:
        options = [_fragment(part, hints, seen, depth + 1) for part in text.split("/")]
        if all(len(o) == 1 for o in options):
            return [Act(tuple(form for o in options for form in o[0].forms))]
    key, rest = _manner_split(text)
    if key:
        acts = _fragment(rest, hints, seen, depth + 1)
        if acts:
            return _with_manner(acts, key)
    for joiner in (" and ", " then "):
        if joiner in text:
            parts = text.split(joiner)
            starts = [p.split()[0] for p in parts[1:] if p.split()]
            if len(starts) == len(parts) - 1 and all(w in VERBS or w in _GERUNDS for w in starts):
                acts = [_fragment(p, hints, seen, depth + 1) for p in parts]
                if all(acts):
                    return [act for part in acts for act in part]
    words = text.split()
    head = words[0]
    base = head if head in VERBS else _GERUNDS.get(head)
    if base:
        if base == "start" and len(words) > 1 and words[1] in VERBS | set(_GERUNDS):
            following = _GERUNDS.get(words[1], words[1])
            return [Act((f"~start to {following} {' '.join(words[2:])}".strip(),))]
        return [Act((_verb_phrase([base] + words[1:], seen),))]
    if " and " in text:
        parts = [_fragment(p, hints, seen, depth + 1) for p in text.split(" and ")]
        if all(parts):
            return [act for part in parts for act in part]
    if " then " in text:
        parts = [_fragment(p, hints, seen, depth + 1) for p in text.split(" then ")]
        if all(parts):
            return [act for part in parts for act in part]
    for noun, forms in (("walk", "~walk"), ("run", "~run"), ("dance", "~dance")):
        m = re.match(rf"^(.+) {noun}$", text)
        if m and m.group(1) not in MANNERS:
            return [Act((f"{forms} in a {m.group(1)} style", f"{forms} {m.group(1)}-style"))]
    words = re.findall(r"[a-z][a-z'-]*", text)
    if not words:
        return []
    text = " ".join(words)
    return [Act((f"~perform {with_article(text)} movement", f"~do {with_article(text)} motion"))]


def _split(body: str) -> list[str]:
    """Return the comma/semicolon-separated fragments of a description body."""
    return [p.strip() for p in re.split(r"\s*[,;]\s*(?:and |then )?", body) if p.strip()]


def _read(text: str, hints: set[str], role: str = "") -> Reading:
    """Return the reading of one normalised description."""
    reading = Reading()
    if not text:
        return reading
    if re.search(r"\brepeat(ed)?\b", text):
        reading.repeat = True
        text = re.sub(r"\s*\(?\brepeat(ed)?\)?", "", text).strip(" ,")
    if "(opposite direction)" in text:
        text = text.replace("(opposite direction)", "").strip()
        reading.manners = ("in the opposite direction", "the other way")
    seen: set[str] = set()
    if text in ROLES or swap_roles(text) in ROLES:
        return _read_roles(text, role, reading)
    body = text
    m = re.match(r"^([a-z ]+?) - (.+)$", text)
    if m and m.group(1) in SCENES and text not in DESCRIPTIONS:
        reading.scenes = SCENES[m.group(1)]
        body = m.group(2)
    if m and m.group(1) == "dance" and body in FRAGMENTS:
        reading.scenes = SCENES["dance"]
    hinted = [HINT_FRAGMENTS[h][body] for h in sorted(hints) if body in HINT_FRAGMENTS.get(h, {})]
    if hinted:
        reading.acts = _alternatives(hinted[0])
    elif body in DESCRIPTIONS and DESCRIPTIONS[body]:
        reading.acts = _alternatives(DESCRIPTIONS[body])
    elif text in DESCRIPTIONS and DESCRIPTIONS[text]:
        reading.acts = _alternatives(DESCRIPTIONS[text])
    else:
        extras = []
        for part in _split(body):
            m = re.match(r"^with (?:a |an |the )?([a-z][a-z ]*)$", part)
            if m and m.group(1).split()[0] not in VERBS | set(_GERUNDS):
                extras.append(" ".join(_articles(["with"] + m.group(1).split(), seen)))
                continue
            reading.acts += _fragment(part, hints, seen)
        if extras:
            reading.manners = tuple(extras)
    reading.standalone = any(text.startswith(s) for s in STANDALONE)
    return reading


_PERSON = re.compile(
    r"\bb\b|\ba(?='s|\s*[,;)]|\s*$|\s+(?:sits|comforts|pulls|gives|passes|shelters|stares|stumbles|leads|picks"
    r"|catches|pounds|kneels|stands|joins|resists)\b)"
)


def swap_roles(text: str) -> str:
    """Return ``text`` with the people "a" and "b" exchanged ("b sits; a pulls up b" -> "a sits; b pulls up a")."""
    return _PERSON.sub(lambda m: "b" if m.group(0) == "a" else "a", text)


def _read_roles(text: str, role: str, reading: Reading) -> Reading:
    """Return the reading of a two-person description for the take's role ("A" or "B")."""
    swapped = text not in ROLES
    key = swap_roles(text) if swapped else text
    a_side, b_side = ROLES[key]
    mine = (role or "A") == ("B" if swapped else "A")
    spec = a_side if mine else b_side
    reading.acts = _alternatives(spec)
    return reading


# ====================================================================== sentences


def _choose(rng: random.Random, weighted) -> str:
    """Return one template from (template, weight) pairs."""
    return rng.choices([t for t, _ in weighted], weights=[w for _, w in weighted])[0]


def _render(reading: Reading, rng: random.Random) -> str | None:
    """Return one finished sentence for ``reading``."""
    subject = pick_subject(rng, reading.gender)
    others = rng.choice(OTHERS)
    forms = []
    for act in reading.acts:
        forms.append(rng.choice(act.forms).replace("{o}", others))
    if any("someone" in f for f in forms) and subject.text in ("someone", "somebody"):
        return None
    # A repeated action says "again" ("jumps, stops, and jumps again").
    for i, form in enumerate(forms):
        if form in forms[:i] and "again" not in form:
            forms[i] = form + " again"
    manner = rng.choice(reading.manners) if reading.manners else ""
    if manner and len(forms) == 1:
        forms[0] += " " + manner
        manner = ""
    v = [conjugate(f, "3s") for f in forms]
    g = [conjugate(f, "ing") for f in forms]
    k = len(forms)
    slots = {"S": subject.text, "P": subject.they}
    for i in range(k):
        slots[f"v{i + 1}"] = v[i]
        slots[f"g{i + 1}"] = g[i]
    if k >= 2:
        slots["b2"] = verb_for(subject, forms[1])
    if k >= 3:
        slots["list"] = ", ".join(v[:-1])
        slots["middle"] = ", ".join(v[1:-1])
        slots["vlast"] = v[-1]
    patterns = PATTERNS[min(k, 3)]
    if k > 5:
        patterns = patterns[:3]
    sentence = _choose(rng, patterns).format(**slots)
    if manner:
        sentence += ", " + manner
    if reading.repeat:
        sentence += rng.choice(REPEATS)
    scenes = [sc for sc in reading.scenes if not any(w in sentence for w in _skip_words(sc))]
    if scenes and not reading.standalone:
        scene = rng.choice(scenes)
        if k == 1 and rng.random() < 0.5 and not sentence.startswith("after"):
            sentence = f"{sentence} {scene}"
        else:
            sentence = f"{capitalise(scene)}, {sentence}"
    return finish(fill_pronouns(sentence, subject))


def _skip_words(scene: str) -> tuple[str, ...]:
    """Return words whose presence makes ``scene`` redundant (its own noun among them)."""
    for key, words in SCENE_SKIP.items():
        if scene in SCENES.get(key, ()):
            return words + (scene.split()[-1],)
    return (scene.split()[-1],)


def _hints(subject_description: str) -> set[str]:
    """Return the names of the hints that the subject description triggers ("golf", "female" ...)."""
    text = subject_description.lower()
    return {name for pattern, name in HINTS if re.search(pattern, text)}


def read_description(description: str, subject_description: str = "") -> Reading:
    """Return what a CMU description says, falling back to the subject description when it says nothing."""
    hints = _hints(subject_description)
    text, role = normalise(description)
    reading = _read(text, hints, role)
    if not reading.acts:
        subject_text, _ = normalise(subject_description)
        reading = _read(subject_text, set(), "")
    else:
        for hint in ("mj", "baby"):
            if hint in hints and not reading.standalone:
                reading.manners = reading.manners or HINT_MANNERS[hint]
        for hint, scenes in HINT_SCENES.items():
            if hint in hints and not reading.scenes:
                reading.scenes = scenes
    reading.gender = "female" if "female" in hints else ""
    return reading


def cmu_captions(description: str, subject_description: str = "", *, n: int = 5, seed: int = 0) -> list[str]:
    """Return up to ``n`` distinct sentences for a CMU take, always the same for the same arguments.

    Uses ``subject_description`` when ``description`` is empty or says
    nothing about the motion; returns [] when neither says anything.
    """
    reading = read_description(description or "", subject_description or "")
    if not reading.acts:
        return []
    rng = stable_rng("cmu", description, subject_description, seed)
    return collect(lambda r: _render(reading, r), n, rng)


def template_counts() -> dict:
    """Return the size of the CMU phrase tables and sentence patterns."""
    return {
        "descriptions": len(DESCRIPTIONS),
        "two_person_scenes": len(ROLES),
        "fragments": len(FRAGMENTS) + sum(len(t) for t in HINT_FRAGMENTS.values()),
        "manners": len(MANNERS),
        "creatures": len(ANIMALS),
        "scenes": len(SCENES),
        "sentence_patterns": sum(len(p) for p in PATTERNS.values()),
    }

