"""What the source labels state, and which detected events would contradict them.

The label always wins: ``LabelFacts.apply(description)`` drops every event
(or the conflicting field of an event) that disagrees with a fact of the
label, so a caption never says both. Facts come from a Bandai content and
style label (``bandai_facts``) or from CMU take descriptions
(``cmu_facts``, a few regular expressions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .events import ARMS, LOCOMOTION, Description, Event

ARM_SIDED = ARMS
LEG_SIDED = ("kick", "hop", "step_over")


@dataclass(frozen=True)
class LabelFacts:
    """Facts a label states; empty fields state nothing."""

    gaits: tuple[str, ...] = ()  # the only travel kinds allowed (walk, jog, run)
    direction: str = ""  # forward, backward, left, right, sideways: the way the label travels
    straight: bool = False  # the label travels in a straight line (no turn, no curve)
    turn: str = ""  # left or right: the way the label turns
    hands: str = ""  # left, right or both: the hand(s) the label acts with
    legs: str = ""  # left or right: the leg the label acts with
    arm_action: str = ""  # "raise" (so no wave) or "wave"
    pace: str = ""  # "slow" (no "quickly") or "fast" (no "slowly")

    def conflicts(self, e: Event) -> bool:
        """True when ``e`` says something the label contradicts (the whole event is dropped)."""
        if self.gaits and e.kind in LOCOMOTION and e.kind not in self.gaits:
            return True
        if (self.straight or self.turn) and e.kind in ("turn", "spin"):
            return self.straight or e.direction != self.turn
        if e.kind == "path" and e.shape in ("curve", "circle", "zigzag"):
            if self.straight or (self.turn and e.direction != self.turn) or (self.turn and e.shape != "curve"):
                return True
        if e.kind == "path" and e.shape == "straight" and self.turn:
            return True
        if self.hands and e.kind in ARM_SIDED and e.side != self.hands:
            return True
        if self.legs and e.kind in LEG_SIDED and e.side != self.legs:
            return True
        if self.arm_action == "raise" and e.kind == "wave":
            return True
        return False

    def _direction_fits(self, direction: str) -> bool:
        if not self.direction or not direction:
            return True
        if self.direction == "sideways":
            return direction in ("left", "right")
        if self.direction in ("left", "right"):
            return direction in (self.direction, f"forward-{self.direction}")
        return direction == self.direction

    def _pace_fits(self, manner: str) -> bool:
        return not ((self.pace == "slow" and manner == "quickly") or (self.pace == "fast" and manner == "slowly"))

    def apply(self, description: Description) -> Description:
        """``description`` without what the label contradicts: conflicting events are dropped,
        a conflicting direction or manner of a kept event is cleared."""
        kept = []
        for e in description.events:
            if self.conflicts(e):
                continue
            if e.kind in LOCOMOTION and not self._direction_fits(e.direction):
                e = e.with_(direction="")
            if not self._pace_fits(e.manner):
                e = e.with_(manner="")
            kept.append(e)
        tempo = description.tempo if self._pace_fits(description.tempo) else ""
        return Description(description.duration, tuple(kept), tempo)


# ---------------------------------------------------------------- Bandai

_BANDAI = {
    "walk": dict(gaits=("walk",), direction="forward", straight=True),
    "walk-back": dict(gaits=("walk",), direction="backward", straight=True),
    "walk-left": dict(gaits=("walk",), direction="left", straight=True),
    "walk-right": dict(gaits=("walk",), direction="right", straight=True),
    "walk-turn-left": dict(gaits=("walk",), turn="left"),
    "walk-turn-right": dict(gaits=("walk",), turn="right"),
    "run": dict(gaits=("jog", "run"), direction="forward", straight=True),
    "dash": dict(gaits=("run",), direction="forward", straight=True, pace="fast"),
    "wave-left-hand": dict(hands="left", arm_action="wave"),
    "wave-right-hand": dict(hands="right", arm_action="wave"),
    "wave-both-hands": dict(hands="both", arm_action="wave"),
    "raise-up-left-hand": dict(hands="left", arm_action="raise"),
    "raise-up-right-hand": dict(hands="right", arm_action="raise"),
    "raise-up-both-hands": dict(hands="both", arm_action="raise"),
    "bye": dict(hands="right", arm_action="wave"),
    "byebye": dict(hands="both", arm_action="wave"),
    "respond": dict(hands="left", arm_action="raise"),
    "guide": dict(hands="right"),
}
SLOW_STYLES = ("old", "elderly", "tired", "exhausted", "sad", "not-confident")
FAST_STYLES = ("active", "youthful", "happy", "angry", "childish", "children")


def bandai_facts(content: str, style: str) -> LabelFacts:
    facts = dict(_BANDAI.get(content.strip().lower(), {}))
    style = style.strip().lower()
    if style in SLOW_STYLES:
        facts["pace"] = "slow"
    elif style in FAST_STYLES and "pace" not in facts:
        facts["pace"] = "fast"
    return LabelFacts(**facts)


# ---------------------------------------------------------------- CMU

_WALK = r"\b(walk\w*|stroll\w*|march\w*|strid\w*|strut\w*|sneak\w*|limp\w*|stagger\w*|wander\w*|shuffl\w*|stomp\w*)"
_RUN = r"\b(run\w*|jog\w*|sprint\w*|dash\w*)"


def _sides(pattern: str, text: str) -> str:
    """The one side a description names with ``pattern`` ("" when none, or both named apart)."""
    found = set(re.findall(pattern, text))
    if "both" in found:
        return "both"
    return found.pop() if len(found) == 1 else ""


def cmu_facts(descriptions: list[str] | tuple[str, ...], subject_description: str = "") -> LabelFacts:
    """Facts stated by a CMU take's descriptions (the subject description is too general to use)."""
    text = " ; ".join(d.lower() for d in descriptions if d)
    if not text.strip():
        return LabelFacts()
    walks, runs = bool(re.search(_WALK, text)), bool(re.search(_RUN, text))
    gaits: tuple[str, ...] = ()
    if walks and not runs:
        gaits = ("walk",)
    elif runs and not walks and not re.search(r"\b(run(ning)? ?jump|jump|leap)", text):
        gaits = ("jog", "run")
    direction = ""
    if re.search(r"\bbackwards?\b|\bback up\b|\bwalk(s|ing)? back\b", text) and not re.search(r"\bforwards?\b", text):
        direction = "backward"
    elif re.search(r"\bside ?step|\bsideways\b|\bside to side\b", text) and not re.search(r"\bforwards?\b|\bbackwards?\b", text):
        direction = "sideways"
    turns = set(re.findall(r"\b(?:turn\w*|veer\w*|curv\w*)\s+(?:to\s+(?:the|his|her)\s+)?(left|right)\b", text))
    turns |= set(re.findall(r"\b(left|right)\s+(?:turn|curve)", text))
    hands = _sides(r"\b(left|right|both)\s+(?:hand|arm|fist|elbow)s?\b", text)
    if re.search(r"\b(two|both) (hands|arms)\b", text):
        hands = "both"
    legs = _sides(r"\b(left|right)\s+(?:leg|foot|knee)\b", text)
    pace = "slow" if re.search(r"\bslow(ly)?\b", text) else "fast" if re.search(r"\b(fast|quick(ly)?|brisk(ly)?|rapid(ly)?)\b", text) else ""
    return LabelFacts(
        gaits=gaits,
        direction=direction,
        straight=bool(re.search(r"\bstraight\b", text)) and not turns and "turn" not in text,
        turn=turns.pop() if len(turns) == 1 else "",
        hands=hands,
        legs=legs,
        arm_action="wave" if re.search(r"\bwav(e|es|ing)\b", text) else "",
        pace=pace,
    )
