"""How well the describer agrees with labels: Bandai contents, CMU action verbs.

``content_of(description)`` reads a Bandai-style content off the detected
events; ``bandai_agreement`` compares it with the content label of every
take of a build (first clip of each take), per content and split.
``main_verb`` / ``description_verb`` give the one action verb of a
description and of a CMU take description for the CMU sample table.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .events import Description

# Label -> what the describer should find (labels not listed are not scored).
SCORED = {
    "walk": "walk",
    "walk-turn-left": "walk-turn-left",
    "walk-turn-right": "walk-turn-right",
    "run": "run",
    "dash": "run",
    "wave-left-hand": "wave-left-hand",
    "wave-right-hand": "wave-right-hand",
    "wave-both-hands": "wave-both-hands",
    "bye": "wave-right-hand",
    "byebye": "wave-both-hands",
    "raise-up-left-hand": "raise-up-left-hand",
    "raise-up-right-hand": "raise-up-right-hand",
    "raise-up-both-hands": "raise-up-both-hands",
    "respond": "raise-up-left-hand",
    "walk-back": "walk-back",
    "walk-left": "walk-left",
    "walk-right": "walk-right",
    "bow": "bow",
    "kick": "kick",
    "punch": "punch",
}
# The contents the issue sets the 90 % target on.
TARGET = (
    "walk", "walk-turn-left", "walk-turn-right", "run", "wave-left-hand", "wave-right-hand",
    "wave-both-hands", "raise-up-left-hand", "raise-up-right-hand", "raise-up-both-hands",
)  # fmt: skip
TURNED = 45.0  # deg: net turning while walking that makes a walk a turning walk
HANDS = {"left": "left-hand", "right": "right-hand", "both": "both-hands"}


def content_of(description: Description) -> str:
    """The Bandai content that the events describe best ("other" when none fits)."""
    d = description
    travel = {k: sum(e.end - e.start for e in d.of(k)) for k in ("walk", "jog", "run")}
    for kind in ("kick", "punch"):
        if d.of(kind) and sum(travel.values()) < 0.6 * d.duration:
            return kind
    if sum(travel.values()) >= 0.3 * d.duration:
        if travel["jog"] + travel["run"] > travel["walk"]:
            return "run"
        walks = d.of("walk")
        turned = sum(e.angle * (1 if e.direction == "left" else -1) for e in d.of("turn", "spin"))
        if turned >= TURNED:
            return "walk-turn-left"
        if turned <= -TURNED:
            return "walk-turn-right"
        by_direction: dict[str, float] = defaultdict(float)
        for e in walks:
            by_direction[e.direction] += e.end - e.start
        main = max(by_direction, key=by_direction.get) if by_direction else "forward"
        return {"backward": "walk-back", "forward-left": "walk-left", "left": "walk-left", "forward-right": "walk-right", "right": "walk-right"}.get(main, "walk")
    waves = d.of("wave")
    if waves:
        longest = max(waves, key=lambda e: e.end - e.start)
        return f"wave-{HANDS[longest.side]}"
    raises = d.of("raise")
    if raises:
        longest = max(raises, key=lambda e: e.end - e.start)
        return f"raise-up-{HANDS[longest.side]}"
    return "bow" if d.of("bend") else "other"


def bandai_agreement(folder: Path, splits: tuple[str, ...] = ("train", "test")) -> dict:
    """{split: {content: {"takes", "agree", "rate", "confusions": {found: n}}}} over the first clip of each Bandai take."""
    from ..data import cache
    from .describer import describe

    table = cache.read_table(folder)
    takes = cache.read_positions(folder)
    first: dict[int, dict] = {}
    for clip in table["clips"]:
        first.setdefault(clip["take"], clip)
    out: dict = {s: {} for s in splits}
    for index, clip in sorted(first.items()):
        take = table["takes"][index]
        label = take["labels"].get("content")
        if take["source"] != "bandai" or take["split"] not in splits or label not in SCORED:
            continue
        found = content_of(describe(takes[index][clip["start"]:clip["end"]]))
        row = out[take["split"]].setdefault(label, {"takes": 0, "agree": 0, "confusions": {}})
        row["takes"] += 1
        if found == SCORED[label]:
            row["agree"] += 1
        else:
            row["confusions"][found] = row["confusions"].get(found, 0) + 1
    for split, rows in out.items():
        for row in rows.values():
            row["rate"] = round(row["agree"] / row["takes"], 3)
        target = [rows[c] for c in TARGET if c in rows]
        if target:
            agree, total = sum(r["agree"] for r in target), sum(r["takes"] for r in target)
            rows["(target contents)"] = {"takes": total, "agree": agree, "rate": round(agree / total, 3), "confusions": {}}
    return out


# ---------------------------------------------------------------- CMU verbs

# Description words -> the verb classes the describer can name (first match wins).
DESCRIPTION_VERBS = (
    (r"\b(jump\w*|hop\w*|leap\w*|skip\w*)", "jump"),
    (r"\b(sit\w*|seated)", "sit"),
    (r"\b(lie|lies|lying|lay|lays|laying)\b", "lie"),
    (r"\b(fall\w*|fell)\b", "fall"),
    (r"\b(squat\w*|crouch\w*)", "squat"),
    (r"\bkneel\w*", "kneel"),
    (r"\bkick\w*", "kick"),
    (r"\b(punch\w*|boxing|jab\w*)", "punch"),
    (r"\bwav(e|es|ing)\b", "wave"),
    (r"\b(run\w*|jog\w*|sprint\w*|dash\w*)", "run"),
    (r"\b(walk\w*|stroll\w*|march\w*|strid\w*|strut\w*|sneak\w*|tiptoe\w*|limp\w*|stagger\w*|wander\w*|shuffl\w*|step\w*)", "walk"),
    (r"\b(bend\w*|bent|bow\w*|pick\w* up|stoop\w*)", "bend"),
    (r"\b(rais\w*|lift\w*|reach\w*)", "raise"),
    (r"\b(turn\w*|spin\w*|pivot\w*|twirl\w*)", "turn"),
    (r"\b(stand\w*|idle|still)\b", "stand"),
)


def description_verb(descriptions: list[str]) -> str:
    """The action verb class a CMU take description names first ("" when none the describer knows)."""
    text = " ; ".join(descriptions).lower()
    found = [(m.start(), verb) for pattern, verb in DESCRIPTION_VERBS for m in [re.search(pattern, text)] if m]
    return min(found)[1] if found else ""


def main_verb(description: Description) -> str:
    """The describer's main action as one verb class (the classes of ``DESCRIPTION_VERBS``)."""
    d = description
    travel = {k: sum(e.end - e.start for e in d.of(k)) for k in ("walk", "jog", "run")}
    moving = sum(travel.values())
    if d.of("jump", "hop"):
        return "jump"
    for kinds, verb in ((("kick",), "kick"), (("punch",), "punch")):
        if d.of(*kinds) and moving < 0.6 * d.duration:
            return verb
    for kinds, verb in ((("fall",), "fall"), (("sit_down",), "sit"), (("lie_down", "get_up"), "lie"), (("kneel",), "kneel"), (("squat", "crouch"), "squat")):
        if d.of(*kinds) and moving < 0.5 * d.duration:
            return verb
    if moving >= 0.3 * d.duration:
        return "run" if travel["jog"] + travel["run"] > travel["walk"] else "walk"
    for kinds, verb in ((("wave",), "wave"), (("spin",), "turn"), (("bend",), "bend"), (("raise", "reach"), "raise"), (("turn",), "turn")):
        if d.of(*kinds):
            return verb
    if moving > 0:
        return "walk"
    return "stand"


VERB_OF_KIND = {
    "walk": "walk", "jog": "run", "run": "run", "jump": "jump", "hop": "jump", "sit_down": "sit",
    "lie_down": "lie", "get_up": "lie", "fall": "fall", "squat": "squat", "crouch": "squat", "kneel": "kneel",
    "kick": "kick", "punch": "punch", "wave": "wave", "raise": "raise", "reach": "raise", "bend": "bend",
    "turn": "turn", "spin": "turn", "stand": "stand",
}  # fmt: skip


def verbs_of(description: Description) -> set[str]:
    """Every verb class among the events (for "is the description's verb found at all")."""
    return {VERB_OF_KIND[e.kind] for e in description.events if e.kind in VERB_OF_KIND}


def cmu_sample(folder: Path, *, n: int = 60, seed: int = 0, split: str = "test") -> list[dict]:
    """``n`` CMU clips of ``split`` whose description names a verb the describer knows, chosen by hash:
    [{"clip", "description", "description_verb", "describer_verb", "agree", "found", "events"}]
    ("found": the description's verb is among the events at all)."""
    from ..data import cache
    from ..data.splits import stable_unit
    from .describer import describe

    table = cache.read_table(folder)
    candidates = []
    for clip in table["clips"]:
        take = table["takes"][clip["take"]]
        if take["source"] == "cmu" and take["split"] == split and description_verb(take["text"]["descriptions"]):
            candidates.append(clip)
    candidates.sort(key=lambda c: stable_unit(c["name"], seed))
    takes = cache.read_positions(folder)
    rows = []
    for clip in candidates[:n]:
        take = table["takes"][clip["take"]]
        d = describe(takes[clip["take"]][clip["start"]:clip["end"]])
        wanted, found = description_verb(take["text"]["descriptions"]), main_verb(d)
        rows.append(
            {
                "clip": clip["name"],
                "description": " / ".join(take["text"]["descriptions"]),
                "description_verb": wanted,
                "describer_verb": found,
                "agree": wanted == found,
                "found": wanted in verbs_of(d),
                "events": ", ".join(f"{e.kind}{'(' + (e.side or e.direction) + ')' if e.side or e.direction else ''}@{e.start:.1f}" for e in d.events if e.kind not in ("stand", "path")),
            }
        )
    return sorted(rows, key=lambda r: r["clip"])
