"""Captions for Bandai-Namco takes from their content and style labels.

The phrase banks are plain tables. What each content label shows was read
from the motion files themselves (docs/captions.md, "Bandai contents").
Banks for "-right" contents are made from their "-left" twins by swapping
the side words, so the two can never disagree.
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

# ---------------------------------------------------------------- contents
# Verb phrases in the base form; "~" marks the verbs to conjugate. In
# walking contents "{go}" is the walking verb (a style may swap in
# "trudge", "swagger" ...) and "{going}" its -ing form.

WALKING = ("walk", "walk-back", "walk-left", "walk-right", "walk-turn-left", "walk-turn-right")
RUNNING = ("run", "dash")

_LEFT_ONLY = {
    "walk-left": (
        "{go} to the left",
        "{go} forward and to the left",
        "{go} diagonally to the left",
        "{go} toward {their} left",
        "{go} off to the left",
        "{go} leftward",
        "~head off to the left at a walk",
        "~cross to the left on foot",
    ),
    "walk-turn-left": (
        "{go} forward and ~turn left",
        "{go} and ~turn to the left",
        "~turn left while {going}",
        "~make a left turn while {going}",
        "{go} forward, then ~turn 90 degrees to the left",
        "{go} and ~take a left turn",
        "{go} forward before turning to the left",
        "{go} around a corner to the left",
    ),
    "wave-left-hand": (
        "~wave the left hand",
        "~wave with the left hand",
        "~wave {their} left hand",
        "~raise the left hand and ~wave",
        "~wave with {their} left hand raised",
        "~give a wave with the left hand",
        "~lift {their} left arm and ~wave",
        "~wave hello with {their} left hand",
    ),
    "raise-up-left-hand": (
        "~raise the left hand",
        "~raise {their} left hand up",
        "~lift the left arm up",
        "~put {their} left hand up",
        "~raise the left hand into the air",
        "~lift {their} left hand above {their} shoulder",
        "~raise {their} left arm",
        "~put up the left hand",
    ),
}

CONTENTS: dict[str, tuple[str, ...]] = {
    "walk": (
        "{go} forward",
        "{go} ahead",
        "{go} straight ahead",
        "{go} forward in a straight line",
        "{go} straight forward",
        "{go}",
        "{go} along",
        "{go} forward across the room",
        "{go} in a straight line",
    ),
    "walk-back": (
        "{go} backward",
        "{go} backwards",
        "~back up",
        "~step backward",
        "~move backward",
        "{go} in reverse",
        "~retreat backward step by step",
        "~take a few steps backward",
        "{go} backward without turning around",
    ),
    "run": (
        "~run forward",
        "~run ahead",
        "~run straight ahead",
        "~jog forward",
        "~run in a straight line",
        "~run",
        "~jog ahead",
        "~jog along",
        "~run across the room",
    ),
    "dash": (
        "~sprint forward",
        "~dash forward",
        "~run forward at full speed",
        "~race ahead",
        "~sprint ahead as fast as {they} can",
        "~dash ahead",
        "~run flat out",
        "~sprint across the room",
    ),
    "wave-both-hands": (
        "~wave both hands",
        "~wave with both hands",
        "~raise both hands and ~wave them",
        "~wave both hands in the air",
        "~give a two-handed wave",
        "~wave both arms",
        "~wave hello with both hands",
        "~wave with both hands raised",
        "~wave both hands from side to side",
    ),
    "raise-up-both-hands": (
        "~raise both hands",
        "~raise both hands up",
        "~lift both arms up",
        "~put both hands up",
        "~raise both arms",
        "~lift both hands into the air",
        "~put both arms up in the air",
        "~lift both arms",
        "~raise both arms up in the air",
    ),
    "bow": (
        "~bow",
        "~take a bow",
        "~bow from the waist",
        "~give a bow",
        "~bend forward in a bow",
        "~make a bow",
        "~bow {their} head and upper body",
        "~bow forward",
        "~lower {their} upper body in a bow",
    ),
    "bye": (
        "~wave goodbye",
        "~wave goodbye with one hand",
        "~wave bye with {their} right hand",
        "~say goodbye with a wave of the hand",
        "~give a one-handed goodbye wave",
        "~wave goodbye with the right hand",
        "~wave farewell with one hand",
        "~give a small goodbye wave with one hand",
    ),
    "byebye": (
        "~wave goodbye with both hands",
        "~wave bye-bye with both hands",
        "~wave both hands to say goodbye",
        "~give a big two-handed goodbye wave",
        "~wave both arms to say bye-bye",
        "~say goodbye by waving both hands",
        "~wave farewell with both hands",
        "~wave both hands from side to side to say goodbye",
    ),
    "guide": (
        "~gesture to show the way",
        "~show someone the way with a hand gesture",
        "~point the way with an open hand",
        "~gesture with the right hand to guide someone",
        "~guide someone with a gesture of the hand",
        "~extend an arm to show someone where to go",
        "~motion with one hand to direct someone",
        "~indicate the way with one hand",
    ),
    "respond": (
        "~raise a hand in reply",
        "~answer by raising the left hand",
        "~put {their} hand up to respond",
        "~respond by lifting the left hand",
        "~raise {their} left hand as if {their} name was called",
        "~put a hand up to answer",
        "~reply with a raised hand",
        "~lift a hand up to answer",
    ),
    "call": (
        "~call out to someone",
        "~call out to someone far away",
        "~shout to someone",
        "~call someone over",
        "~call out with {their} hands cupped around {their} mouth",
        "~raise {their} hands to {their} mouth and ~call out",
        "~shout to get someone's attention",
        "~shout out to someone",
    ),
    "punch": (
        "~throw punches",
        "~punch several times",
        "~throw a series of punches",
        "~punch the air",
        "~throw a few punches",
        "~punch repeatedly",
        "~box the air with quick punches",
        "~punch forward several times",
    ),
    "kick": (
        "~kick",
        "~kick several times",
        "~throw a few kicks",
        "~kick out with one leg",
        "~do a series of kicks",
        "~kick the air",
        "~kick repeatedly",
        "~kick forward a few times",
    ),
    "slash": (
        "~slash with a sword",
        "~swing a sword in slashing strikes",
        "~make slashing motions as if holding a sword",
        "~slash through the air with a sword",
        "~cut the air with sword slashes",
        "~slash with a two-handed sword",
        "~swing an imaginary sword",
        "~slash down with a sword",
    ),
    "dance-long": (
        "~dance",
        "~perform a long dance",
        "~dance for a long time",
        "~do a long dance routine",
        "~perform an extended dance",
        "~dance through a long routine",
        "~keep dancing for a long while",
    ),
    "dance-short": (
        "~dance",
        "~perform a short dance",
        "~do a short dance",
        "~dance a short routine",
        "~do a quick dance routine",
        "~perform a brief dance",
        "~dance for a short while",
    ),
}
CONTENTS.update(_LEFT_ONLY)
for _name, _bank in _LEFT_ONLY.items():
    CONTENTS[_name.replace("left", "right")] = tuple(swap_left_right(p) for p in _bank)

SET_1_CONTENTS = (
    "walk", "run", "dash", "walk-back", "walk-left", "walk-right", "bow", "bye", "guide", "byebye",
    "respond", "call", "punch", "kick", "slash", "dance-long", "dance-short",
)  # fmt: skip
SET_2_CONTENTS = (
    "walk", "walk-turn-left", "walk-turn-right", "run", "wave-both-hands", "wave-left-hand",
    "wave-right-hand", "raise-up-both-hands", "raise-up-left-hand", "raise-up-right-hand",
)  # fmt: skip
SET_1_STYLES = (
    "normal", "happy", "sad", "angry", "proud", "not-confident", "masculinity", "feminine",
    "childish", "old", "tired", "active", "musical", "giant", "chimpira",
)  # fmt: skip
SET_2_STYLES = ("active", "elderly", "exhausted", "feminine", "masculine", "normal", "youthful")

# ---------------------------------------------------------------- styles
# adj:  "a {adj} person"
# pred: "they seem {pred}" (defaults to adj)
# adv:  after the verb phrase ("walks forward angrily")
# look: after a comma ("walks forward, looking angry")
# go:   walking verbs for WALKING contents ("trudge")
# loco: manner phrases only for walking and running contents
# subj: subjects that carry the style ("an old man"); (text, gender)
# as_if: "as if ..." clauses

STYLES: dict[str, dict[str, tuple]] = {
    "happy": dict(
        adj=("happy", "cheerful", "joyful", "delighted", "merry"),
        adv=("happily", "cheerfully", "joyfully", "merrily", "in high spirits", "in a good mood"),
        look=("looking happy", "looking cheerful", "full of joy", "clearly in a good mood", "beaming with happiness"),
        loco=("with a happy bounce in {their} step", "with a spring in {their} step"),
        as_if=("as if {they} just heard good news",),
    ),
    "sad": dict(
        adj=("sad", "unhappy", "gloomy", "sorrowful", "downcast", "dejected"),
        adv=("sadly", "gloomily", "dejectedly", "sorrowfully", "in a sad way", "with a heavy heart"),
        look=("looking sad", "looking downcast", "seeming dejected", "with slumped shoulders", "visibly unhappy"),
        go=("~trudge", "~shuffle"),
        loco=("with heavy, sad steps", "with {their} head hanging low"),
        as_if=("as if something sad had happened",),
    ),
    "angry": dict(
        adj=("angry", "furious", "irritated", "annoyed", "mad"),
        adv=("angrily", "furiously", "irritably", "in an angry way", "in a fit of anger", "with angry, forceful movements"),
        look=("looking angry", "looking annoyed", "visibly irritated", "clearly furious", "fuming with anger"),
        go=("~stomp", "~storm"),
        loco=("with heavy, angry steps",),
        as_if=("as if {they} were furious about something",),
    ),
    "proud": dict(
        adj=("proud", "self-assured", "haughty", "self-satisfied"),
        adv=("proudly", "with pride", "haughtily", "in a proud way", "with {their} chest puffed out"),
        look=("looking proud", "full of pride", "chest out and chin up", "looking pleased with {themselves}"),
        go=("~strut",),
        loco=("with {their} head held high", "with {their} chest out and back straight"),
        as_if=("as if {they} were showing off",),
    ),
    "not-confident": dict(
        adj=("timid", "hesitant", "unsure", "insecure", "nervous", "shy"),
        adv=("timidly", "hesitantly", "nervously", "shyly", "without confidence", "unsurely"),
        look=("looking unsure of {themselves}", "seeming hesitant", "lacking confidence", "looking nervous"),
        go=("~shuffle", "~creep"),
        loco=("with small, hesitant steps",),
        as_if=("as if {they} were afraid of doing it wrong",),
    ),
    "masculinity": dict(
        adj=("masculine", "manly", "macho", "tough"),
        pred=("masculine", "manly", "macho"),
        adv=("in a masculine way", "in a manly way", "with a macho air", "in a strong, masculine manner", "with broad, manly movements"),
        look=("looking manly", "acting macho", "with a masculine bearing"),
        loco=("with wide, masculine strides",),
        as_if=("as if showing off {their} strength",),
    ),
    "feminine": dict(
        adj=("feminine", "ladylike", "dainty", "graceful"),
        adv=("in a feminine way", "in a ladylike manner", "with feminine grace", "daintily", "gracefully, in a feminine style"),
        look=("looking feminine", "moving in a ladylike way", "with a feminine poise"),
        loco=("with small, graceful steps", "with a gentle sway of the hips"),
        as_if=("as if {they} were a graceful lady",),
    ),
    "childish": dict(
        adj=("childish", "childlike", "playful", "kid-like"),
        pred=("childish", "childlike", "like a little kid"),
        adv=("childishly", "like a child", "like a little kid", "in a childish way", "playfully, like a kid"),
        look=("acting like a child", "looking childlike", "as playful as a little kid"),
        loco=("with bouncy, childlike steps",),
        subj=(("a person acting like a child", ""), ("a grown-up acting like a kid", "")),
        as_if=("as if {they} were a small child",),
    ),
    "old": dict(
        adj=("old", "elderly", "aged", "frail"),
        adv=("like an old person", "like an elderly person", "in an elderly way", "stiffly, like an old person", "with the stiffness of old age"),
        look=("looking old and frail", "stiff with age", "moving like an elderly person"),
        go=("~shuffle", "~hobble"),
        loco=("with slow, careful steps", "with short, unsteady steps"),
        subj=(("an old man", "male"), ("an elderly person", ""), ("an old woman", "female"), ("an elderly man", "male")),
        as_if=("as if {they} were very old",),
    ),
    "tired": dict(
        adj=("tired", "exhausted", "weary", "worn-out", "fatigued"),
        adv=("wearily", "tiredly", "sluggishly", "in an exhausted way", "with heavy, tired movements"),
        look=("looking exhausted", "looking worn out", "clearly tired", "visibly fatigued"),
        go=("~trudge", "~plod"),
        loco=("dragging {their} feet", "barely able to keep going"),
        as_if=("as if {they} were worn out",),
    ),
    "active": dict(
        adj=("energetic", "lively", "active", "vigorous", "peppy"),
        adv=("energetically", "vigorously", "in a lively way", "with lots of energy", "actively"),
        look=("full of energy", "looking energetic", "bursting with energy"),
        go=("~stride",),
        loco=("briskly", "with quick, lively steps"),
        as_if=("as if {they} had energy to spare",),
    ),
    "musical": dict(
        adj=("theatrical", "showy", "dramatic"),
        pred=("theatrical", "showy", "like a musical performer"),
        adv=(
            "like a performer in a musical",
            "theatrically",
            "in a theatrical, musical style",
            "with musical-theatre flair",
            "like a Broadway performer",
            "bouncily, as if in a musical",
        ),
        look=("as if on stage in a musical", "performing like a musical actor", "with exaggerated stage flair"),
        loco=("with bouncy, rhythmic steps", "with a showy, dance-like step"),
        as_if=("as if {they} were in a musical", "as if performing a number in a musical"),
    ),
    "giant": dict(
        adj=("huge", "hulking", "lumbering", "giant-sized", "heavy-footed"),
        pred=("huge and heavy", "as big as a giant", "giant-like"),
        adv=("like a giant", "heavily, like a giant", "in a lumbering way", "ponderously", "with heavy, lumbering movements"),
        look=("moving like a giant", "huge and heavy", "acting like a giant"),
        go=("~lumber", "~stomp"),
        loco=("with big, heavy strides", "taking huge, heavy steps"),
        subj=(("a giant", ""), ("a huge, heavy figure", "")),
        as_if=("as if {they} were a giant",),
    ),
    "chimpira": dict(
        adj=("swaggering", "thuggish", "cocky", "delinquent"),
        pred=("thuggish", "cocky", "tough like a street punk"),
        adv=("like a street punk", "like a thug", "with a swagger", "in a thuggish way", "like a small-time hoodlum", "with a cocky swagger"),
        look=("looking like a street punk", "acting tough", "looking like a thug"),
        go=("~swagger", "~strut"),
        loco=("with a thuggish swagger", "with a cocky, slouching gait"),
        subj=(("a street punk", ""), ("a thug", ""), ("a young hoodlum", "")),
        as_if=("as if {they} were a street thug", "as if trying to look tough"),
    ),
    "youthful": dict(
        adj=("youthful", "young", "sprightly", "spry"),
        adv=("youthfully", "like a young person", "with youthful energy", "in a youthful way", "with a youthful spring"),
        look=("looking young and lively", "full of youthful energy", "moving like a teenager"),
        loco=("with light, springy steps",),
        subj=(("a young person", ""), ("a youngster", "")),
        as_if=("as if {they} were young again",),
    ),
}
STYLES["masculine"] = STYLES["masculinity"]
STYLES["elderly"] = STYLES["old"]
STYLES["exhausted"] = dict(
    STYLES["tired"],
    adj=("exhausted", "tired", "worn-out", "weary", "drained"),
    adv=("wearily", "in an exhausted way", "with exhausted, heavy movements", "sluggishly", "as though drained of energy"),
)

NORMAL_ADV = ("in a normal way", "in an ordinary manner", "naturally", "in a neutral way", "in a plain, everyday way")
NORMAL_LOCO = ("at a normal pace", "at an even pace", "at a steady pace")
STYLE_ALIASES = {"children": "childish"}

# ---------------------------------------------------------------- templates
# Slots: {S} subject, {V} verb phrase agreeing with {S}, {G} its -ing form,
# {B} verb phrase agreeing with the pronoun {they}, {AS} subject with an
# adjective, {XS} style subject, {adj} {adv} {look} {as_if} style words,
# {Front} a fronted manner phrase, {seem}/{looks} verbs agreeing with {they}.

STYLED_TEMPLATES: tuple[tuple[str, int], ...] = (
    ("{AS} {V}", 6),
    ("{S} {V} {adv}", 7),
    ("{S} {V}, {look}", 5),
    ("{Front}, {S} {V}", 2),
    ("{S} is {G} {adv}", 3),
    ("{S}, {look}, {V}", 2),
    ("{S} {V}. {they} {seem} {adj}", 2),
    ("{S} who {looks} {adj} {V}", 2),
    ("{S} {V} {as_if}", 3),
    ("{XS} {V}", 3),
    ("{G} {adv}", 1),
)
PLAIN_TEMPLATES: tuple[tuple[str, int], ...] = (
    ("{S} {V}", 8),
    ("{S} is {G}", 3),
    ("{S} {V} {adv}", 3),
    ("{G}", 1),
)


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
