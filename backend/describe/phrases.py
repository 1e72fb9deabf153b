"""Verb phrases for events: several ways to say each fact.

Phrases are in the base form with ``~`` before each verb to conjugate and
``{their}``/``{them}``/``{themselves}`` for the subject's pronouns (the
conventions of ``backend.data.captions.phrasing``). Every side is spelled
"left"/"right" and every rotation "clockwise"/"counterclockwise", the words
``swap_left_right`` exchanges for mirrored clips.
"""

from __future__ import annotations

import random

from .events import Event

NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(n: int) -> str:
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else str(n)


def times(n: int, rng: random.Random) -> str:
    """" twice", " three times", " several times" ("" for once)."""
    if n <= 1:
        return ""
    if n == 2:
        return rng.choice((" twice", " two times"))
    if n <= 5:
        return rng.choice((f" {number(n)} times", f" {number(n)} times"))
    return rng.choice((" several times", " repeatedly", f" {number(n)} times" if n <= 10 else " many times"))


def duration(seconds: float, rng: random.Random) -> str:
    """" for a moment", " for about three seconds", ..."""
    if seconds < 1.5:
        return rng.choice((" for a moment", " briefly"))
    whole = int(round(seconds))
    if whole > 10:
        return " for a while"
    return rng.choice((f" for about {number(whole)} seconds", " for a few seconds" if whole <= 4 else " for a while"))


def distance(metres: float, rng: random.Random) -> str:
    if metres < 1.5:
        return rng.choice((" a few steps", " a short distance"))
    whole = int(round(metres))
    return rng.choice((f" about {number(whole)} metres", f" roughly {number(whole)} meters"))


def hand(side: str, rng: random.Random, *, arm: bool = False) -> str:
    """"the left hand", "{their} right arm", "both hands"."""
    part = "arm" if arm else rng.choice(("hand", "hand", "arm"))
    if side == "both":
        return rng.choice((f"both {part}s", f"{{their}} {part}s", f"both {part}s"))
    return rng.choice((f"the {side} {part}", f"{{their}} {side} {part}"))


# ---------------------------------------------------------------- locomotion

def gait_verb(e: Event, rng: random.Random) -> tuple[str, str]:
    """(verb, manner to say after the direction): ("~walk", " at a slow pace")."""
    if e.kind == "walk" and e.manner == "slowly":
        return rng.choice((("~walk", " slowly"), ("~stroll", ""), ("~walk", " at a slow pace"), ("slowly ~walk", "")))
    if e.kind == "walk" and e.manner == "quickly":
        return rng.choice((("~walk", " briskly"), ("~walk", " quickly"), ("~walk", " at a fast pace")))
    if e.kind == "run" and e.manner == "quickly":
        return rng.choice((("~run", " fast"), ("~sprint", ""), ("~run", " at full speed")))
    if e.kind == "jog":
        return rng.choice((("~jog", ""), ("~jog", ""), ("~run", " at an easy pace")))
    return f"~{e.kind}", ""


def locomotion(e: Event, rng: random.Random, *, path: Event | None = None, detail: bool = True) -> str:
    """A walking, jogging or running phrase, shaped by the path when one is given."""
    verb, manner = gait_verb(e, rng)
    if path is not None and path.shape == "circle":
        turn = "counterclockwise" if path.direction == "left" else "clockwise"
        return rng.choice((f"{verb} in a circle{manner}", f"{verb} in a {turn} circle{manner}", f"{verb} around in a circle to the {path.direction}{manner}"))
    if path is not None and path.shape == "curve":
        return rng.choice((f"{verb} in a curve to the {path.direction}{manner}", f"{verb}{manner} along a path that curves to the {path.direction}", f"{verb} forward{manner}, curving to the {path.direction}"))
    if path is not None and path.shape == "zigzag":
        return rng.choice((f"{verb} in a zig-zag{manner}", f"{verb} in a zig-zag line{manner}", f"{verb} forward{manner}, zig-zagging from side to side"))
    d = e.direction
    if d == "forward":
        phrase = rng.choice((f"{verb} forward{manner}", f"{verb} forward{manner}", f"{verb} ahead{manner}"))
        if e.kind == "walk" and e.distance < 1.5 and not e.manner and rng.random() < 0.5:
            phrase = rng.choice(("~take a few steps forward", "~step forward"))
    elif d == "backward":
        phrase = rng.choice((f"{verb} backward{manner}", f"{verb} backwards{manner}"))
        if e.kind == "walk" and not e.manner:
            phrase = rng.choice((phrase, "~back up", "~step backward", "~move backward"))
    elif d in ("left", "right"):
        phrase = rng.choice((f"{verb} sideways to the {d}{manner}", f"~move sideways to the {d}"))
        if e.kind == "walk" and not e.manner:
            phrase = rng.choice((phrase, f"~sidestep to the {d}", f"~step to the {d}"))
    elif d:
        side = d.split("-")[1]
        phrase = rng.choice((f"{verb} diagonally forward to the {side}{manner}", f"{verb} forward and to the {side}{manner}", f"{verb}{manner} forward at an angle to the {side}"))
    else:
        phrase = verb + manner
    if path is not None and path.shape == "straight" and rng.random() < 0.5:
        phrase += rng.choice((" in a straight line", " in a straight line", " along a straight path"))
    elif detail and e.distance >= 2.0 and rng.random() < 0.4 and not phrase.startswith(("~take", "~step")):
        phrase += rng.choice((" for", "")) + distance(e.distance, rng)
    return phrase


def keep_going(e: Event, rng: random.Random) -> str:
    gerund = {"walk": "walking", "jog": "jogging", "run": "running"}[e.kind]
    return rng.choice((f"~keep {gerund}", f"~continue {gerund}", f"~carry on {gerund}"))


def stand(e: Event, rng: random.Random, where: str) -> str:
    """``where``: "start" (before moving), "between" (a pause), "end" (after moving), "alone"."""
    if where == "between":
        return rng.choice(("~stop for a moment", "~pause briefly", "~stop", "~pause for a moment"))
    if where == "end":
        return rng.choice(("~stop", "~come to a stop", "~stop and ~stand still", "~stop walking") if e.manner == "still" else ("~stop", "~come to a stop"))
    if where == "start":
        return rng.choice(("~stand still", "~stand in place") ) + duration(e.end - e.start, rng)
    return rng.choice(("~stand still", "~stand in place", "~stand without moving", "~stand motionless"))


# ---------------------------------------------------------------- turning


def turn(e: Event, rng: random.Random) -> str:
    a, d = e.angle, e.direction
    if a < 60:
        return rng.choice((f"~turn slightly to the {d}", f"~turn a little to the {d}", f"~turn slightly {d}"))
    if a < 130:
        return rng.choice((f"~turn {d}", f"~turn to the {d}", f"~turn about 90 degrees to the {d}", f"~make a quarter turn to the {d}", f"~turn to {their_side(d)}"))
    if a < 230:
        return rng.choice(("~turn around", f"~turn around to the {d}", f"~turn about 180 degrees to the {d}", "~turn to face the other way", f"~turn all the way around to the {d}"))
    if a < 300:
        return rng.choice((f"~turn about 270 degrees to the {d}", f"~turn three quarters of the way around to the {d}"))
    return rng.choice((f"~turn a full circle to the {d}", f"~turn in a full circle to the {d}", f"~turn all the way around to the {d}"))


def their_side(direction: str) -> str:
    return f"{{their}} {direction}"


def spin(e: Event, rng: random.Random) -> str:
    turn = "counterclockwise" if e.direction == "left" else "clockwise"
    if e.count >= 2:
        return rng.choice((f"~spin around{times(e.count, rng)}", f"~spin {turn}{times(e.count, rng)}", f"~spin around to the {e.direction}{times(e.count, rng)}"))
    return rng.choice((f"~spin around to the {e.direction}", "~spin around", f"~spin {turn}", f"~do a full spin to the {e.direction}", "~twirl around"))


# ---------------------------------------------------------------- jumps and postures


def jump(e: Event, rng: random.Random) -> str:
    if e.kind == "hop":
        foot = rng.choice((f"on {{their}} {e.side} foot", f"on the {e.side} leg", f"on the {e.side} foot"))
        if e.count > 1:
            return rng.choice((f"~hop{times(e.count, rng)} {foot}", f"~hop {foot}{times(e.count, rng)}"))
        return rng.choice((f"~hop {foot}", f"~hop once {foot}"))
    d = e.direction
    where = {
        "up": ("", " up", " in place", " straight up"),
        "forward": (" forward", " forward"),
        "backward": (" backward", " backwards"),
        "left": (" to the left", " sideways to the left"),
        "right": (" to the right", " sideways to the right"),
    }[d]
    if e.count > 1:
        if d == "up":
            return rng.choice((f"~jump{times(e.count, rng)}", f"~jump up and down{times(e.count, rng)}", f"~jump in place{times(e.count, rng)}"))
        return rng.choice((f"~jump{rng.choice(where)}{times(e.count, rng)}", f"~make {number(e.count)} jumps{rng.choice(where)}" if e.count <= 10 else f"~jump{rng.choice(where)} repeatedly"))
    if d == "forward":
        return rng.choice(("~jump forward", "~leap forward", "~jump forward"))
    return f"~jump{rng.choice(where)}"


POSTURE = {
    "crouch": ("~crouch", "~crouch down", "~bend {their} knees into a crouch", "~lower {themselves} into a crouch"),
    "crouch/already": ("~stay crouched", "~stay low in a crouch", "~crouch"),
    "squat": ("~squat down and ~stand back up", "~do a squat", "~squat down and ~come back up"),
    "squat/hold": ("~squat down", "~crouch down low", "~go down into a squat"),
    "squat/already": ("~stay in a squat", "~squat low"),
    "kneel": ("~kneel down", "~kneel", "~go down on {their} knees"),
    "kneel/already": ("~kneel on the ground", "~stay kneeling"),
    "sit_down": ("~sit down", "~take a seat", "~lower {themselves} into a seat", "~sit down"),
    "sit_down/already": ("~sit", "~stay seated", "~sit still"),
    "sit_down/up": ("~sit up",),
    "stand_up": ("~stand up", "~get up", "~rise to {their} feet", "~stand back up"),
    "lie_down": ("~lie down", "~lie down on the ground", "~lower {themselves} to the ground and ~lie down"),
    "lie_down/already": ("~lie on the ground", "~lie on the floor"),
    "get_up": ("~get up", "~get back up", "~get up off the ground", "~get to {their} feet"),
    "fall": ("~fall down", "~fall to the ground", "~fall over", "~collapse to the ground"),
}


def posture(e: Event, rng: random.Random) -> str:
    if e.kind == "squat" and e.count > 1:
        return rng.choice((f"~do {number(e.count)} squats" if e.count <= 10 else "~do several squats", f"~squat{times(e.count, rng)}"))
    key = f"{e.kind}/{e.manner}" if f"{e.kind}/{e.manner}" in POSTURE else e.kind
    return rng.choice(POSTURE[key])


# ---------------------------------------------------------------- arms and legs

HEIGHT = {
    "shoulder": (" to shoulder height", " up to shoulder level", " to shoulder level"),
    "head": (" to head height", " up to {their} head", " up beside {their} head", " up"),
    "overhead": (" above {their} head", " over {their} head", " high in the air", " up high"),
}


HOLD = {
    "shoulder": (" at shoulder height", " up at shoulder level"),
    "head": (" up at head height", " up beside {their} head"),
    "overhead": (" above {their} head", " up high", " over {their} head"),
}


def arm_raise(e: Event, rng: random.Random, *, lowered: bool) -> str:
    part = hand(e.side, rng)
    height = rng.choice(HEIGHT[e.height])
    verb = rng.choice(("~raise", "~raise", "~lift", "~put up" if e.height != "shoulder" else "~raise"))
    phrase = f"~put {part} up" if verb == "~put up" else f"{verb} {part}{height}"
    if e.count > 1:
        phrase = f"{verb if verb != '~put up' else '~raise'} {part}{times(e.count, rng)}"
    if lowered:
        it = "them" if e.side == "both" else "it"
        phrase += rng.choice((f" and ~lower {it} again", f", then ~lower {it} again", f" before lowering {it}", f" and ~bring {it} back down"))
    return phrase


def arm_lower(e: Event, rng: random.Random) -> str:
    part = hand(e.side, rng)
    return rng.choice((f"~lower {part}", f"~put {part} down", f"~bring {part} back down"))


def wave(e: Event, rng: random.Random, *, lowered: bool) -> str:
    part = hand(e.side, rng)
    options = [f"~wave {part}", f"~wave with {part}", f"~raise {part} and ~wave", f"~wave {part} from side to side", f"~move {part} from side to side"]
    if e.height == "overhead":
        options.append(f"~wave {part} above {{their}} head")
    phrase = rng.choice(options)
    if e.end - e.start >= 2.0 and rng.random() < 0.5:
        phrase += duration(e.end - e.start, rng)
    if lowered:
        it = "them" if e.side == "both" else "it"
        phrase += rng.choice((f" and ~lower {it} again", f" before lowering {it}"))
    return phrase


def swing(e: Event, rng: random.Random) -> str:
    if e.side == "both":
        return rng.choice(("~swing {their} arms", "~swing both arms back and forth", "~swing {their} arms back and forth"))
    return rng.choice((f"~swing {{their}} {e.side} arm", f"~swing the {e.side} arm back and forth"))


def punch(e: Event, rng: random.Random) -> str:
    n = e.count
    if e.side == "both":
        if n > 1:
            return rng.choice((f"~throw {number(n) if n <= 10 else 'several'} punches with both hands", "~punch with both fists", "~throw punches with both hands"))
        return rng.choice(("~punch with both fists", "~punch forward with both hands"))
    if n > 1:
        return rng.choice((f"~punch{times(n, rng)} with {{their}} {e.side} fist", f"~throw {number(n) if n <= 10 else 'several'} punches with the {e.side} hand", f"~punch with the {e.side} hand{times(n, rng)}"))
    return rng.choice((f"~punch with {{their}} {e.side} fist", f"~throw a punch with the {e.side} hand", f"~punch forward with the {e.side} hand"))


def reach(e: Event, rng: random.Random) -> str:
    d, side = e.direction, e.side
    if d == "down":
        part = "both hands" if side == "both" else f"{{their}} {side} hand"
        return rng.choice((f"~reach down with {part}", f"~reach down toward the ground with {part}", f"~reach down with {part}"))
    if d == "sideways":
        if side == "both":
            return rng.choice(("~spread {their} arms out to the sides", "~hold both arms out to the sides", "~stretch both arms out sideways"))
        return rng.choice((f"~stretch {{their}} {side} arm out to the side", f"~reach out to the {side} with the {side} hand", f"~extend the {side} arm sideways"))
    if side == "both":
        return rng.choice(("~reach forward with both hands", "~stretch both arms out in front", "~hold both arms out in front"))
    return rng.choice((f"~reach forward with {{their}} {side} hand", f"~stretch {{their}} {side} arm out in front", f"~reach out with the {side} hand"))


def kick(e: Event, rng: random.Random) -> str:
    leg = rng.choice((f"{{their}} {e.side} leg", f"the {e.side} leg", f"the {e.side} foot"))
    if e.count > 1:
        return rng.choice((f"~kick{times(e.count, rng)} with {leg}", f"~kick with {leg}{times(e.count, rng)}", f"~kick {leg} out{times(e.count, rng)}"))
    return rng.choice((f"~kick with {leg}", f"~kick {leg} out", f"~kick forward with {leg}"))


def step_over(e: Event, rng: random.Random) -> str:
    return rng.choice((
        f"~step over something with {{their}} {e.side} foot",
        f"~lift {{their}} {e.side} leg high to step over an obstacle",
        f"~take a high step with the {e.side} foot",
    ))


def bend(e: Event, rng: random.Random, deep: float) -> str:
    again = times(e.count, rng)
    if e.angle < deep:
        return rng.choice((f"~bend forward slightly{again}", f"~lean forward a little{again}", f"~tip {{their}} upper body forward slightly{again}"))
    return rng.choice((f"~bend forward{again}", f"~bend over{again}", f"~bend forward at the waist{again}", f"~bend down{again}"))


def lean(e: Event, rng: random.Random) -> str:
    again = times(e.count, rng)
    if e.direction == "back":
        return rng.choice((f"~lean back{again}", f"~lean backward{again}", f"~arch {{their}} upper body back{again}"))
    return rng.choice((f"~lean to the {e.direction}{again}", f"~lean {{their}} upper body to the {e.direction}{again}", f"~tilt {{their}} body to the {e.direction}{again}"))
