"""Composite prompts: "a person walks forward and waves the right hand".

Every generator, given such a prompt, tends to make one of the two actions
(mostly the second, standing still: the locomotion is lost). The planner
reads a prompt as a locomotion clause joined to an action clause, and the
composer makes each clause on its own and joins them:

* **Splitting.** At the first conjunction of ``SEPARATORS`` (", then",
  "and then", "while", "and" ...). "then" (or "..., stops and ...") makes
  the two clauses a sequence, the others simultaneous. The second clause
  takes the first one's subject when it has none ("a tired person walks
  forward and waves" -> "a tired person waves").
* **Naming the actions.** Each clause is matched to the nearest training
  content label: the sentence vectors of the Bandai caption tables' phrases
  (``data.captions``; copied into ``tables/content_phrases.json`` by
  ``tools/make_composite_labels.py``, as the add-on ships without the data
  code), encoded by the generator's own text encoder, averaged per label
  (for the shipped MiniLM encoder the means are stored beside the phrases,
  ``tables/content_centroids.json``: nothing to encode at run time). A plan
  is made only when the first clause is locomotion (``LOCOMOTION``), the
  second is not and is close to its label (cosine >= ``MIN_SIMILARITY``),
  and the second has a verb of its own ("walks slowly and carefully" does
  not split); anything else is generated as typed.
* **Upper-body actions done at the same time** (``UPPER_BODY``: waves,
  raises a hand, points, punches ...; "and", "while"): the locomotion is
  made at the full length and the action alone; the action's arm chain (the
  side the label names, else both arms), taken relative to its chest frame,
  replaces the locomotion's arms in the locomotion's chest frame all along,
  bone lengths kept. Legs, pelvis and travel are the locomotion's.
* **Sequences** ("then", "stops and": any action) **and whole-body actions**
  (bows, kicks, dances): one after the other, as a two-row shot
  (``shot.make_shot``: the second row placed where the first ends and the
  boundary bridged by in-betweening), the action at its own length estimate
  (at most ``MAX_ACTION_SHARE``). Until 2026-12-07 an upper-body action after
  "then" was laid over the last stretch of a walk that went on; on hand-written
  development composites (not the evaluation set,
  ``runs/probes-2026-12-07c``) the action was recognised in 0.19 of them that
  way and 0.69 as a shot, the walk then covering a median 0.67 of the
  distance of the walk alone (it stops for the action).

The clips are positions (T, 22, 3) at 20 fps, as ``studio.motion.generate``
returns them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..motion.arms import ARM_CHAINS, chest_frames, unit
from ..motion.skeleton import Joint

SEPARATORS: tuple[tuple[str, str], ...] = (
    (", and then ", "then"), (" and then ", "then"), (", then ", "then"), (" then ", "then"),
    (" while ", "with"), (", and ", "with"), (" and ", "with"),
)
LOCOMOTION = ("walk", "walk-back", "walk-left", "walk-right", "walk-turn-left", "walk-turn-right", "run", "dash")
UPPER_BODY = ("wave-both-hands", "wave-left-hand", "wave-right-hand", "raise-up-both-hands", "raise-up-left-hand",
              "raise-up-right-hand", "bye", "byebye", "guide", "respond", "call", "punch", "slash")
WHOLE_BODY = ("bow", "kick", "dance-long", "dance-short")
LABELS = LOCOMOTION + UPPER_BODY + WHOLE_BODY
PROTOTYPES_PER_LABEL = 24
# An action clause must be this close (cosine, MiniLM) to its label's mean to
# say which body parts it uses: "a boy bows politely" 0.65, "a woman kicks a
# ball" 0.56, "a man punches the air" 0.82; "a person picks something up"
# 0.48 (guide), "a person looks tired" 0.36 (dance) have no label and are made
# as typed (clauses written for the tests, never the paraphrase set).
MIN_SIMILARITY = 0.5
PHRASES_FILE = Path(__file__).resolve().parent / "tables" / "content_phrases.json"
CENTROIDS_FILE = Path(__file__).resolve().parent / "tables" / "content_centroids.json"
FADE_FRAMES = 6  # 0.3 s at 20 fps
MAX_ACTION_SHARE = 0.5

_SUBJECT_WORDS = {"a", "an", "the", "someone", "somebody", "he", "she", "they", "person", "i", "we", "you", "this", "that"}
_NOT_VERBS = {"his", "hers", "its", "this", "is", "was", "always", "nervous", "famous", "glorious", "anxious", "various", "boss"}


@dataclass(frozen=True)
class Plan:
    locomotion: str  # the first clause, as a prompt
    action: str  # the second clause, with the subject
    relation: str  # "with" (simultaneous) or "then" (a sequence)
    locomotion_label: str
    action_label: str

    @property
    def upper_body(self) -> bool:
        return self.action_label in UPPER_BODY

    @property
    def side(self) -> str | None:
        return "left" if "left" in self.action_label else "right" if "right" in self.action_label else None


def split(prompt: str) -> tuple[str, str, str] | None:
    """-> (first clause, second clause with a subject, "with" | "then"), or None."""
    text = " ".join(prompt.strip().rstrip(".!").split())
    lowered = text.lower()
    for separator, relation in SEPARATORS:
        at = lowered.find(separator)
        if at <= 0:
            continue
        first, second = text[:at].strip(" ,"), text[at + len(separator):].strip(" ,")
        if not first or not second:
            continue
        stops = re.search(r",?\s+(stops|halts|pauses|comes to a stop)$", first, flags=re.IGNORECASE)
        if stops:  # "walks forward, stops and bows": a sequence
            first, relation = first[: stops.start()].strip(" ,"), "then"
        return first, _with_subject(second, _subject(first)), relation
    return None


def _subject(clause: str) -> str:
    """The words before the clause's first verb ("a tired person walks" -> "a tired person"; imperative: "")."""
    words = clause.split()
    for i, word in enumerate(words):
        w = word.lower().strip(",")
        if i and (w.endswith("ing") or (w.endswith("s") and not w.endswith("ss") and w not in _NOT_VERBS)):
            return " ".join(words[:i])
    return ""


def _with_subject(clause: str, subject: str) -> str:
    first = clause.split()[0].lower()
    if not subject or first in _SUBJECT_WORDS:
        return clause
    return f"{subject} {clause}"


def encoder_key(description: dict | None) -> str | None:
    """'<id>:<weight hash>' of a text encoder's description (a pack's ``text_encoder``)."""
    if not description or not description.get("id") or not description.get("weight_hash"):
        return None
    return f"{description['id']}:{description['weight_hash']}"


def label_means(text) -> np.ndarray:
    """(labels, D) unit means of the label phrases' unit sentence vectors."""
    table = json.loads(PHRASES_FILE.read_text())
    phrases = [table[label] for label in LABELS]
    vectors = unit(np.asarray(text([p for group in phrases for p in group]).pooled, dtype=np.float64))
    means, start = [], 0
    for group in phrases:
        means.append(vectors[start: start + len(group)].mean(0))
        start += len(group)
    return unit(np.stack(means))


def _stored_means(key: str | None) -> np.ndarray | None:
    if key is None or not CENTROIDS_FILE.is_file():
        return None
    stored = json.loads(CENTROIDS_FILE.read_text())
    if stored.get("key") != key or stored.get("labels") != list(LABELS):
        return None
    return np.asarray(stored["means"], dtype=np.float64)


class LabelMatcher:
    """Content label of a clause: the nearest per-label mean of the caption
    tables' sentence vectors (cosine), in the space of ``text``; ``key``
    (``encoder_key``) picks stored means when they were made by that encoder."""

    def __init__(self, text, key: str | None = None) -> None:
        stored = _stored_means(key)
        self.labels, self.text = LABELS, text
        self.means = stored if stored is not None else label_means(text)

    def __call__(self, clauses: list[str]) -> list[tuple[str, float]]:
        """-> (label, cosine to its mean) per clause."""
        similarity = unit(np.asarray(self.text(clauses).pooled, dtype=np.float64)) @ self.means.T
        return [(self.labels[i], float(row[i])) for i, row in zip(similarity.argmax(1), similarity)]


def table_phrases(label: str) -> list[str]:
    """The phrases of ``label`` in the caption tables (source checkout only)."""
    from ..data.captions.bandai import bandai_captions

    return bandai_captions(label, "normal", n=PROTOTYPES_PER_LABEL, seed=7)


_MATCHERS: dict[int, tuple[object, LabelMatcher]] = {}


def matcher_for(text, key: str | None = None) -> LabelMatcher:
    """One ``LabelMatcher`` per text encoder (its prototypes are encoded once)."""
    held = _MATCHERS.get(id(text))
    if held is None or held[0] is not text:
        if len(_MATCHERS) >= 8:
            _MATCHERS.clear()
        held = _MATCHERS[id(text)] = (text, LabelMatcher(text, key))
    return held[1]



def plan(prompt: str, matcher) -> Plan | None:
    """``matcher(clauses) -> [(label, similarity)]`` is called only for a
    prompt that splits into two clauses, each with a verb."""
    parts = split(prompt)
    if parts is None:
        return None
    first, second, relation = parts
    if _subject(first) and not _subject(second):  # "a person carefully": no verb of its own
        return None
    (first_label, _), (second_label, second_score) = matcher([first, second])
    if first_label not in LOCOMOTION or second_label in LOCOMOTION or second_score < MIN_SIMILARITY:
        return None
    return Plan(first, second, relation, first_label, second_label)



def overlay_arms(base: np.ndarray, action: np.ndarray, start: int, *, side: str | None, fade: int = FADE_FRAMES) -> np.ndarray:
    """``base`` (T, 22, 3) with the arm chain(s) of ``action`` (n, 22, 3)
    from frame ``start`` on (n <= T - start), moved into ``base``'s chest
    frame, faded in over ``fade`` frames when ``start`` > 0; every bone keeps
    ``base``'s length."""
    out = base.astype(np.float64).copy()
    n = min(len(action), len(base) - start)
    if n <= 0:
        return base.copy()
    span = slice(start, start + n)
    rb, ra = chest_frames(out[span]), chest_frames(action[:n].astype(np.float64))
    weight = np.ones(n) if start == 0 or fade <= 0 else np.clip((np.arange(n) + 1) / (fade + 1), 0.0, 1.0)
    for chain in ((ARM_CHAINS[side],) if side else (ARM_CHAINS["left"], ARM_CHAINS["right"])):
        parent = Joint.SPINE3
        for joint in chain:
            # the action's bone direction in its chest frame, into base's chest frame
            local_a = np.einsum("tji,tj->ti", ra, action[:n, joint] - action[:n, parent])
            local_b = np.einsum("tji,tj->ti", rb, base[span, joint] - base[span, parent])
            local = unit((1 - weight[:, None]) * unit(local_b) + weight[:, None] * unit(local_a))
            length = np.linalg.norm(base[span, joint] - base[span, parent], axis=-1, keepdims=True)
            out[span, joint] = out[span, parent] + np.einsum("tij,tj->ti", rb, local) * length
            parent = joint
    return out.astype(base.dtype)


def action_frames(plan: Plan, frames: int, estimate, *, min_frames: int) -> int:
    """The action's share of a ``frames`` clip in a sequence: its own length
    estimate (``estimate(text) -> frames`` or None), at most MAX_ACTION_SHARE."""
    most = max(min_frames, int(frames * MAX_ACTION_SHARE))
    guess = estimate(plan.action) if estimate is not None else most
    return int(np.clip(guess, min_frames, most))


def compose(plan: Plan, frames: int, make, *, estimate=None, sequence=None, min_frames: int = 1) -> np.ndarray | None:
    """The composite clip (frames, 22, 3), or None when ``frames`` is too
    short for a sequence of two clips of at least ``min_frames`` (make the
    prompt as typed). ``make(text, frames) -> positions`` makes one clause;
    ``estimate(text) -> frames`` its own length (or None); ``sequence([(text,
    frames), ...]) -> positions`` makes clauses one after the other, bridged
    (whole-body actions)."""
    if not plan.upper_body or plan.relation == "then":
        tail = action_frames(plan, frames, estimate, min_frames=min_frames)
        if frames - tail < min_frames:
            return None
        return sequence([(plan.locomotion, frames - tail), (plan.action, tail)])
    return overlay_arms(make(plan.locomotion, frames), make(plan.action, frames), 0, side=plan.side)
