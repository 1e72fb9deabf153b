"""Captions for Bandai-Namco takes from their content and style labels.

The phrase banks and sentence templates are data in ``tables/bandai.toml``.
What each content label shows was read from the motion files themselves
(docs/captions.md, "Bandai contents"). Banks for "-right" contents are made
here from their "-left" twins by swapping the side words, so the two can
never disagree.
"""

from __future__ import annotations

import random

from .phrasing import (
    Subject,
    capitalise,
    make_subject,
    collect,
    conjugate,
    fill_pronouns,
    finish,
    pick_subject,
    stable_rng,
    verb_for,
    with_article,
)
from .sides import swap_left_right
from .tables import load, weighted

# The phrase banks and templates are data: tables/bandai.toml.
_TABLES = load("bandai")

WALKING: tuple[str, ...] = _TABLES["walking"]
RUNNING: tuple[str, ...] = _TABLES["running"]

# Verb phrases per content, "~" marking the verbs to conjugate; "{go}" is the walking verb.
_LEFT_ONLY: dict[str, tuple[str, ...]] = _TABLES["left_contents"]
CONTENTS: dict[str, tuple[str, ...]] = {**_TABLES["contents"], **_LEFT_ONLY}
for _name, _bank in _LEFT_ONLY.items():
    CONTENTS[_name.replace("left", "right")] = tuple(swap_left_right(p) for p in _bank)

SET_1_CONTENTS: tuple[str, ...] = _TABLES["labels"]["set_1_contents"]
SET_2_CONTENTS: tuple[str, ...] = _TABLES["labels"]["set_2_contents"]
SET_1_STYLES: tuple[str, ...] = _TABLES["labels"]["set_1_styles"]
SET_2_STYLES: tuple[str, ...] = _TABLES["labels"]["set_2_styles"]

# Style banks (adj, pred, adv, look, go, loco, subj, as_if: see tables/bandai.toml);
# a variant takes the banks of the style it is like, replacing those it lists.
STYLES: dict[str, dict[str, tuple]] = dict(_TABLES["styles"])
for _name, _variant in _TABLES["style_variants"].items():
    _own = {key: words for key, words in _variant.items() if key != "like"}
    STYLES[_name] = {**STYLES[_variant["like"]], **_own}

# A variant's family is the style whose banks it takes ("masculine" is worded
# like "masculinity", "elderly" like "old", "exhausted" like "tired"): the two
# Bandai sets name one style twice, and no caption can tell which was meant.
STYLE_FAMILIES: dict[str, str] = {_name: _variant["like"] for _name, _variant in _TABLES["style_variants"].items()}


def style_family(style: str) -> str:
    """The style a label is worded like (itself for a style of its own)."""
    return STYLE_FAMILIES.get(style, style)


NORMAL_ADV: tuple[str, ...] = _TABLES["normal"]["adv"]
NORMAL_LOCO: tuple[str, ...] = _TABLES["normal"]["loco"]
STYLE_ALIASES: dict[str, str] = _TABLES["style_aliases"]

# (template, weight); the slots are listed in tables/bandai.toml.
STYLED_TEMPLATES: tuple[tuple[str, int], ...] = weighted(_TABLES["templates"]["styled"])
PLAIN_TEMPLATES: tuple[tuple[str, int], ...] = weighted(_TABLES["templates"]["plain"])


def _style(style: str) -> str:
    """Return the bank name of a style label; raise ValueError for an unknown one."""
    name = STYLE_ALIASES.get(style.strip().lower(), style.strip().lower())
    if name != "normal" and name not in STYLES:
        raise ValueError(f"unknown Bandai style {style!r}")
    return name


def _content(content: str) -> str:
    """Return the bank name of a content label; raise ValueError for an unknown one."""
    name = content.strip().lower()
    if name not in CONTENTS:
        raise ValueError(f"unknown Bandai content {content!r}")
    return name


def _adj_subject(subject: Subject, adj: str, pred: str) -> str:
    """Return the subject with ``adj`` before its noun ("a tired person"), or "someone who looks {pred}"."""
    words = subject.text.split(" ", 1)
    if words[0] in ("a", "an"):
        return with_article(f"{adj} {words[1]}")
    if words[0] == "the":
        return f"the {adj} {words[1]}"
    return f"{subject.text} who looks {pred}"


def _verb_phrase(content: str, style: str, rng: random.Random) -> str:
    """Return one base-form verb phrase for ``content``, using a styled walking verb now and then."""
    vp = rng.choice(CONTENTS[content])
    go = "~walk"
    styled = STYLES.get(style, {}).get("go", ())
    if content in WALKING and styled and rng.random() < 0.45:
        go = rng.choice(styled)
    return vp.replace("{going}", conjugate(go, "ing")).replace("{go}", go)


def _manner(bank: dict, content: str, rng: random.Random) -> str:
    """Return a manner phrase from the style bank, with locomotion-only phrases for moving contents."""
    pool = list(bank["adv"])
    if content in WALKING + RUNNING:
        pool += list(bank.get("loco", ()))
    return rng.choice(pool)


def _front(bank: dict, content: str, rng: random.Random) -> str:
    """Return a manner phrase that can open a sentence ("Wearily", "With a swagger")."""
    pool = [p for p in bank["adv"] if p.startswith(("with ", "like ")) or (" " not in p and p.endswith("ly"))]
    if content in WALKING + RUNNING:
        pool += [p for p in bank.get("loco", ()) if p.startswith("with ")]
    return rng.choice(pool) if pool else ""


_LONG = (",", " to ", " as if ", " where ", " while ", " before ", " by ", " with ")


def _place_manner(template: str, vp: str, adv: str) -> str:
    """Return the template with the manner phrase moved away from the end of a long verb phrase.

    "{S} {V} timidly" becomes "{S} timidly {V}" and a longer phrase goes
    after a comma, so the phrase never seems to modify an object.
    """
    if adv.split()[0].endswith("ing") or adv.startswith("barely"):
        return template.replace("{V} {adv}", "{V}, {adv}").replace("{G} {adv}", "{G}, {adv}")
    if not any(w in vp for w in _LONG):
        return template
    for verb in ("{V}", "{G}"):
        if f"{verb} {{adv}}" in template:
            if " " not in adv and adv.endswith("ly"):
                return template.replace(f"{verb} {{adv}}", f"{{adv}} {verb}")
            return template.replace(f"{verb} {{adv}}", f"{verb}, {{adv}}")
    return template


def _sentence(content: str, style: str, rng: random.Random) -> str | None:
    """Return one finished sentence, or None when the drawn template does not fit."""
    bank = STYLES.get(style)
    templates = STYLED_TEMPLATES if bank else PLAIN_TEMPLATES
    template = rng.choices([t for t, _ in templates], weights=[w for _, w in templates])[0]
    if "{XS}" in template and not bank.get("subj"):
        return None
    if bank and "{XS}" in template:
        subject = make_subject(*rng.choice(bank["subj"]))
    elif "{S}" in template or "{AS}" in template:
        subject = pick_subject(rng)
    else:
        subject = make_subject("a person")  # no subject shown: "their", not "his"/"her"
    vp = _verb_phrase(content, style, rng)
    if "someone" in vp and subject.text in ("someone", "somebody"):
        return None
    slots = {
        "S": subject.text,
        "XS": subject.text,
        "V": conjugate(vp, "3s"),
        "G": conjugate(vp, "ing"),
        "they": subject.they,
        "seem": verb_for(subject, "~seem"),
        "looks": "looks",
    }
    if bank:
        adj = rng.choice(bank["adj"])
        pred = rng.choice(bank.get("pred", bank["adj"]))
        slots.update(
            adj=pred,
            AS=_adj_subject(subject, adj, pred),
            adv=_manner(bank, content, rng),
            look=rng.choice(bank["look"]),
            as_if=rng.choice(bank["as_if"]),
            Front=capitalise(_front(bank, content, rng)),
        )
        if "{Front}" in template and not slots["Front"]:
            return None
    elif style == "normal":
        pool = NORMAL_ADV + (NORMAL_LOCO if content in WALKING + RUNNING else ())
        slots["adv"] = rng.choice(pool)
    if "adv" in slots:
        template = _place_manner(template, vp, slots["adv"])
    text = template.format(**slots)
    return finish(fill_pronouns(text, subject))


def bandai_captions(content: str, style: str, *, n: int = 8, seed: int = 0) -> list[str]:
    """Return ``n`` distinct sentences describing a Bandai take of ``content`` in ``style``.

    The same arguments always give the same list. Raises ValueError for an
    unknown content or style label.
    """
    content, style = _content(content), _style(style)
    rng = stable_rng("bandai", content, style, seed)
    return collect(lambda r: _sentence(content, style, r), n, rng)


def template_counts() -> dict:
    """Return the number of phrase variants per content and per style, and of sentence templates."""
    styles = {}
    for name, bank in STYLES.items():
        styles[name] = sum(len(bank.get(k, ())) for k in ("adj", "pred", "adv", "look", "go", "loco", "subj", "as_if"))
    styles["normal"] = len(NORMAL_ADV) + len(NORMAL_LOCO)
    return {
        "contents": {name: len(bank) for name, bank in sorted(CONTENTS.items())},
        "styles": dict(sorted(styles.items())),
        "sentence_templates": {"styled": len(STYLED_TEMPLATES), "plain": len(PLAIN_TEMPLATES)},
    }
