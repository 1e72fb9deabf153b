"""Sentences from a ``Description``: the events as clauses, in the order they happen.

``clauses(description, rng)`` turns events into verb phrases on a timeline:

* walking, jogging and running take the shape of their path (straight,
  curve, circle, zig-zag); turns inside a curved path are not repeated; a
  long stretch of travel after a turn "keeps walking";
* an arm action that happens during a walk is said with "while";
* a wave absorbs the raise of the same hand; a raise followed by its lower
  says "and then lowers it";
* standing is said only next to travel ("stands still, then walks",
  "stops for a moment", "comes to a stop") or when nothing else happens;
* the clip's tempo ("slowly", "quickly") goes on its first arm or leg action.

``sentence(clauses, subject, rng)`` joins them with temporal connectives
("then", "and then", "before", "after", "finally"), so the words always
follow the order of the events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..data.captions.phrasing import Subject, conjugate, fill_pronouns, finish, verb_for
from . import phrases as P
from .events import ARMS, LOCOMOTION, POSTURE, Description, Event
from .thresholds import DEFAULT

# Salience: 0 is said first when clauses must be left out.
RANK = {
    **{k: 0 for k in LOCOMOTION + POSTURE + ("jump", "hop", "spin", "kick", "punch", "wave")},
    "turn": 1,
    "raise": 1,
    "crouch": 1,
    "bend": 2,
    "reach": 2,
    "lean": 2,
    "step_over": 2,
    "swing": 2,
    "lower": 2,
    "stand": 3,
    "pause": 1,  # a stop between two walks keeps them apart
    "keep": 3,
}
WHILE_SHARE = 0.6  # an arm action this much inside a walk is said with "while"
KEEP_AFTER = 1.5  # s of travel after a turn that make "keeps walking"


@dataclass(frozen=True)
class Clause:
    """One verb phrase (base form, ``~`` marks) on the timeline."""

    start: float
    end: float
    vp: str
    kind: str
    key: tuple = ()  # what makes two clauses say the same thing (kind, side, direction, ...)

    @property
    def rank(self) -> int:
        return RANK.get(self.kind, 2)


def _inside(inner: Event, outer: Event) -> float:
    shared = max(0.0, min(inner.end, outer.end) - max(inner.start, outer.start))
    return shared / max(inner.end - inner.start, 1e-9)


def _contains(outer: Event, t: float) -> bool:
    return outer.start <= t <= outer.end


def clauses(description: Description, rng: random.Random, *, detail: bool = True) -> list[Clause]:
    """The clip's events as clauses in time order (see the module docstring)."""
    events = _merge_travel(list(description.events))
    paths = [e for e in events if e.kind == "path"]
    travel = [e for e in events if e.kind in LOCOMOTION]
    shaped = [p for p in paths if p.shape in ("curve", "circle", "zigzag")]
    out: list[Clause] = []

    # arm actions said with "while" during travel
    arms = [e for e in events if e.kind in ARMS and e.kind != "lower"]
    waves = [e for e in arms if e.kind == "wave"]
    arms = [e for e in arms if not (e.kind == "raise" and any(w.side == e.side and _inside(w, e) > 0.5 for w in waves))]
    lowered = {e: _lowered(e, events) for e in arms}
    during: dict[Event, Event] = {}
    for a in arms:
        host = next((t for t in travel if _inside(a, t) >= WHILE_SHARE and t not in during), None)
        if host is not None:
            during[host] = a

    used_paths: set[Event] = set()
    for e in travel:
        path = next((p for p in paths if _contains(p, e.middle)), None)
        if path is not None and path in used_paths and path.shape != "straight":
            continue
        if path is not None:
            used_paths.add(path)
        vp = P.locomotion(e, rng, path=path, detail=detail)
        end = path.end if path is not None and path.shape != "straight" else e.end
        if e in during:
            vp += " while " + conjugate(_arm(during[e], rng, lowered=False), "ing")
        out.append(Clause(e.start, end, vp, e.kind))

    for e in events:
        if e.kind in ("turn", "spin"):
            if e.kind == "turn" and any(_contains(p, e.middle) for p in shaped):
                continue
            vp = P.turn(e, rng) if e.kind == "turn" else P.spin(e, rng)
            out.append(Clause(e.start, e.end, vp, e.kind))
            host = next((t for t in travel if t.start <= e.start and e.end + KEEP_AFTER <= t.end), None)
            if host is not None:
                out.append(Clause(e.end, host.end, P.keep_going(host, rng), "keep"))
        elif e.kind in ("jump", "hop"):
            out.append(Clause(e.start, e.end, P.jump(e, rng), e.kind, _key(e)))
        elif e.kind in POSTURE:
            out.append(Clause(e.start, e.end, P.posture(e, rng), e.kind))
        elif e.kind == "kick":
            out.append(Clause(e.start, e.end, P.kick(e, rng), e.kind, _key(e)))
        elif e.kind == "step_over":
            out.append(Clause(e.start, e.end, P.step_over(e, rng), e.kind))
        elif e.kind == "bend":
            out.append(Clause(e.start, e.end, P.bend(e, rng, DEFAULT.deep_bend_angle), e.kind, _key(e)))
        elif e.kind == "lean":
            out.append(Clause(e.start, e.end, P.lean(e, rng), e.kind, _key(e)))
        elif e in lowered and e not in during.values():
            out.append(Clause(e.start, e.end, _arm(e, rng, lowered=lowered[e]), e.kind, _key(e) + (lowered[e],)))

    out += _standing(description, travel, rng)
    out.sort(key=lambda c: (c.start, c.end))
    out = _again(out)
    if description.tempo:
        for k, c in enumerate(out):
            if c.kind in ARMS + ("kick",):
                out[k] = Clause(c.start, c.end, f"{description.tempo} {c.vp}", c.kind)
                break
    return out


FORWARDISH = ("forward", "forward-left", "forward-right")


def _merge_travel(events: list[Event]) -> list[Event]:
    """Consecutive stretches of one gait with no stop between become one when they go the
    same way, or all roughly forward (a wandering walk is "walks forward")."""
    stops = [e for e in events if e.kind == "stand"]
    out: list[Event] = []
    last: Event | None = None
    for e in events:
        if e.kind in LOCOMOTION:
            same_way = last is not None and (last.direction == e.direction or (last.direction in FORWARDISH and e.direction in FORWARDISH))
            if (
                last is not None
                and last.kind == e.kind
                and same_way
                and not any(last.end - 0.05 <= s.start and s.end <= e.start + 0.05 for s in stops)
            ):
                merged = last.with_(
                    end=e.end,
                    direction=last.direction if last.direction == e.direction else "forward",
                    distance=round(last.distance + e.distance, 2),
                    manner=last.manner if last.manner == e.manner else "",
                )
                out[out.index(last)] = merged
                last = merged
                continue
            last = e
        out.append(e)
    return out


def _key(e: Event) -> tuple:
    return (e.kind, e.side, e.direction, e.height, e.count)


def _again(found: list[Clause]) -> list[Clause]:
    """A clause that repeats an earlier one says the earlier phrase "again"."""
    first: dict[tuple, str] = {}
    out = []
    for c in found:
        if c.key and c.key in first:
            vp = first[c.key] if first[c.key].endswith(" again") else first[c.key] + " again"
            c = Clause(c.start, c.end, vp, c.kind, c.key)
        elif c.key:
            first[c.key] = c.vp
        out.append(c)
    return out


def _lowered(e: Event, events: list[Event]) -> bool:
    """True when a raise or wave of ``e``'s side is followed by lowering that side."""
    return e.kind in ("raise", "wave") and any(x.kind == "lower" and x.side == e.side and abs(x.start - e.end) < 0.1 for x in events)


def _arm(e: Event, rng: random.Random, *, lowered: bool) -> str:
    if e.kind == "raise":
        if e.start <= 0.05:
            part = P.hand(e.side, rng)
            return f"~hold {part}{rng.choice(P.HOLD[e.height])}" + (f" before lowering {'them' if e.side == 'both' else 'it'}" if lowered else "")
        return P.arm_raise(e, rng, lowered=lowered)
    if e.kind == "wave":
        return P.wave(e, rng, lowered=lowered)
    if e.kind == "swing":
        return P.swing(e, rng)
    if e.kind == "punch":
        return P.punch(e, rng)
    return P.reach(e, rng)


def _standing(description: Description, travel: list[Event], rng: random.Random) -> list[Clause]:
    """Clauses for standing: before, between and after travel, or alone."""
    out = []
    stands = description.of("stand")
    others = [e for e in description.events if e.kind not in ("stand", "path")]
    for s in stands:
        before = any(t.end <= s.start + 0.05 for t in travel)
        after = any(t.start >= s.end - 0.05 for t in travel)
        if before and after:
            out.append(Clause(s.start, s.end, P.stand(s, rng, "between"), "pause"))
        elif before:
            out.append(Clause(s.start, s.end, P.stand(s, rng, "end"), "stand"))
        elif after and s.manner == "still":
            out.append(Clause(s.start, s.end, P.stand(s, rng, "start"), "stand"))
        elif not others and s.manner == "still":
            out.append(Clause(s.start, s.end, P.stand(s, rng, "alone"), "stand"))
    return out


def select(found: list[Clause], limit: int) -> list[Clause]:
    """At most ``limit`` clauses, the most salient (then longest) first, kept in time order."""
    if len(found) <= limit:
        return found
    order = sorted(range(len(found)), key=lambda k: (found[k].rank, -(found[k].end - found[k].start), k))
    keep = sorted(order[:limit])
    return [found[k] for k in keep]


# ---------------------------------------------------------------- joining

TWO = (
    ("{S} {v1} and then {v2}", 4),
    ("{S} {v1}, then {v2}", 4),
    ("{S} {v1} and {v2}", 2),
    ("{S} {v1} before {g2}", 2),
    ("after {g1}, {S} {v2}", 2),
    ("{S} first {v1}, then {v2}", 1),
)
MANY = (
    ("{S} {v1}, {middle}, and then {vlast}", 4),
    ("{S} {v1}, then {middle}, and finally {vlast}", 3),
    ("first {S} {v1}, then {P} {b_rest}", 2),
    ("{S} {v1}; after that {P} {b_rest}", 1),
)


def _choose(rng: random.Random, weighted) -> str:
    return rng.choices([t for t, _ in weighted], weights=[w for _, w in weighted])[0]


def _join_then(items: list[str]) -> str:
    """"a, then b, and finally c" for the tail of a sentence."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} and then {items[1]}"
    return ", then ".join(items[:-1]) + f", and finally {items[-1]}"


def sentence(found: list[Clause], subject: Subject, rng: random.Random, *, pronoun_start: bool = False) -> str:
    """One finished sentence saying ``found`` in order; with ``pronoun_start`` it opens
    with the subject's pronoun ("they", "he", "she") instead of the subject."""
    if not found:
        return ""
    lead = subject.they if pronoun_start else subject.text
    agree = (lambda vp: verb_for(subject, vp)) if pronoun_start else (lambda vp: conjugate(vp, "3s"))
    v = [agree(c.vp) for c in found]
    g = [conjugate(c.vp, "ing") for c in found]
    b = [verb_for(subject, c.vp) for c in found]
    if len(found) == 1:
        text = f"{lead} {v[0]}"
    elif len(found) == 2:
        template = _choose(rng, TWO)
        if pronoun_start and template.startswith("after"):
            template = TWO[0][0]
        text = template.format(S=lead, v1=v[0], v2=v[1], g1=g[0], g2=g[1])
    else:
        template = _choose(rng, MANY)
        if pronoun_start and template.startswith("first"):
            template = MANY[0][0]
        text = template.format(
            S=lead,
            P=subject.they,
            v1=v[0],
            middle=", ".join(v[1:-1]),
            vlast=v[-1],
            b_rest=_join_then(b[1:]),
        )
    return finish(fill_pronouns(text, subject))
