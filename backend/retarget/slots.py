"""The humanoid slots a bone map fills, and how they hang together.

A slot is a body part that the canonical skeleton can drive. Each slot of a
bone map names a *chain* of rig bones, parent first: a spine of any length, a
neck of one or two bones, an upper arm split into a bend and a twist bone
(DAZ, Rigify's deform bones), and so on. ``hips``, ``head``, hands, feet and
toes are single bones. Slots left empty are simply not driven (a rig without
collar bones, without toes).

Slot names are for the *bone* (``left_upper_arm``), never for a joint, so they
do not collide with the canonical joint names (where ``left_shoulder`` is the
joint at the top of the upper arm).
"""

from __future__ import annotations

from ..motion.skeleton import Joint

SIDES = ("left", "right")
# The canonical joints of each side, by role.
SIDE_JOINTS = {
    "left": dict(collar=Joint.LEFT_COLLAR, shoulder=Joint.LEFT_SHOULDER, elbow=Joint.LEFT_ELBOW, wrist=Joint.LEFT_WRIST,
                 hip=Joint.LEFT_HIP, knee=Joint.LEFT_KNEE, ankle=Joint.LEFT_ANKLE, ball=Joint.LEFT_FOOT),
    "right": dict(collar=Joint.RIGHT_COLLAR, shoulder=Joint.RIGHT_SHOULDER, elbow=Joint.RIGHT_ELBOW, wrist=Joint.RIGHT_WRIST,
                  hip=Joint.RIGHT_HIP, knee=Joint.RIGHT_KNEE, ankle=Joint.RIGHT_ANKLE, ball=Joint.RIGHT_FOOT),
}

CENTRE_SLOTS = ("hips", "spine", "neck", "head")
LIMB_PARTS = ("clavicle", "upper_arm", "forearm", "hand", "thigh", "shin", "foot", "toes")
SLOTS: tuple[str, ...] = CENTRE_SLOTS + tuple(f"{side}_{part}" for side in SIDES for part in LIMB_PARTS)

# Slots a map needs before a rig can be driven at all.
REQUIRED_SLOTS: tuple[str, ...] = ("hips", "head") + tuple(
    f"{side}_{part}" for side in SIDES for part in ("upper_arm", "forearm", "hand", "thigh", "shin", "foot")
)
# Slots that hold exactly one bone (the others are chains).
SINGLE_BONE_SLOTS: frozenset[str] = frozenset(
    ("hips", "head") + tuple(f"{side}_{part}" for side in SIDES for part in ("hand", "foot", "toes"))
)


def _predecessors() -> dict[str, tuple[str, ...]]:
    table = {
        "hips": (),
        "spine": ("hips",),
        "neck": ("spine", "hips"),
        "head": ("neck", "spine", "hips"),
    }
    for side in SIDES:
        table.update({
            f"{side}_clavicle": ("spine", "neck", "hips"),
            f"{side}_upper_arm": (f"{side}_clavicle", "spine", "neck", "hips"),
            f"{side}_forearm": (f"{side}_upper_arm",),
            f"{side}_hand": (f"{side}_forearm",),
            f"{side}_thigh": ("hips", "spine"),
            f"{side}_shin": (f"{side}_thigh",),
            f"{side}_foot": (f"{side}_shin",),
            f"{side}_toes": (f"{side}_foot",),
        })
    return table


# For the first bone of each slot: the slots one of whose bones should be its
# nearest mapped ancestor, in order of preference (the first non-empty one is
# the parent when a rig is built from a map).
PREDECESSORS: dict[str, tuple[str, ...]] = _predecessors()

_SIDE_TOKENS = {
    "{Left}": ("Left", "Right"),
    "{left}": ("left", "right"),
    "{LEFT}": ("LEFT", "RIGHT"),
    "{L}": ("L", "R"),
    "{l}": ("l", "r"),
    "{左}": ("左", "右"),
}


def sided(template: str) -> tuple[str, str]:
    """``"{Left}UpLeg"`` -> ``("LeftUpLeg", "RightUpLeg")``; also ``{left}``,
    ``{LEFT}``, ``{L}``, ``{l}`` and ``{左}`` (MMD: ``{左}腕`` -> ``左腕``, ``右腕``)."""
    left, right = template, template
    for token, (l_word, r_word) in _SIDE_TOKENS.items():
        left = left.replace(token, l_word)
        right = right.replace(token, r_word)
    return left, right


def _chain(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def humanoid(
    *,
    hips: str,
    spine: str | tuple[str, ...],
    neck: str | tuple[str, ...] | None,
    head: str,
    clavicle: str | tuple[str, ...] | None,
    upper_arm: str | tuple[str, ...],
    forearm: str | tuple[str, ...],
    hand: str,
    thigh: str | tuple[str, ...],
    shin: str | tuple[str, ...],
    foot: str,
    toes: str | None,
) -> dict[str, tuple[str, ...]]:
    """Slot table from centre bone names and side templates (see ``sided``)."""
    slots = {"hips": (hips,), "spine": _chain(spine), "neck": _chain(neck), "head": (head,)}
    parts = {
        "clavicle": clavicle, "upper_arm": upper_arm, "forearm": forearm, "hand": hand,
        "thigh": thigh, "shin": shin, "foot": foot, "toes": toes,
    }
    for part, value in parts.items():
        pairs = [sided(template) for template in _chain(value)]
        slots[f"left_{part}"] = tuple(left for left, _ in pairs)
        slots[f"right_{part}"] = tuple(right for _, right in pairs)
    return slots


def sided_names(*templates: str) -> tuple[str, ...]:
    """Both sides of each template, left names first: for a map's extra bones."""
    pairs = [sided(template) for template in templates]
    return tuple(dict.fromkeys([left for left, _ in pairs] + [right for _, right in pairs]))
