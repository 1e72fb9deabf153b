"""Left and right from the rig's own front: the character's front is where
its toes point, else its feet (when tails are trustworthy), knees or
elbows; with no cue, Blender's convention (facing -Y) is assumed."""

from __future__ import annotations

import numpy as np

from .structure_geometry import _angle, _flat, _rotation_between, _unit
from .structure_limbs import _Reading
from .structure_settings import Thresholds
from .structure_tree import _Tree


def front(tree: _Tree, th: Thresholds, reading: _Reading) -> tuple[np.ndarray, str]:
    """The character's front (unit, across its up) and the cue it came from."""
    up = reading.up
    heads = tree.heads
    arm_a, arm_b = (a.middle for a in reading.arms)
    leg_a, leg_b = (g.middle for g in reading.legs)
    across_arms, across_legs = _flat(arm_a - arm_b, up), _flat(leg_a - leg_b, up)
    if across_legs @ across_arms < 0:
        across_legs = -across_legs
    across = _unit(_unit(across_arms) + _unit(across_legs))
    axis = _unit(np.cross(up, across))
    leg_length = float(np.mean([g.length for g in reading.legs]))
    arm_length = float(np.mean([a.length for a in reading.arms]))
    cues = []
    toes = [(g.ankle, heads[g.toes]) for g in reading.legs if g.toes is not None]
    if len(toes) == 2:
        cues.append(("toes", sum(_flat(t - a, up) for a, t in toes), leg_length))
    if _tails_trustworthy(tree):
        feet = [_flat(tree.rig.tails[g.foot] - heads[g.foot], up) for g in reading.legs]
        cues.append(("feet", feet[0] + feet[1], leg_length))
    knees = []
    for g in reading.legs:
        line = g.ankle - g.hip_joint
        offset = g.knee - g.hip_joint - (_unit(line) @ (g.knee - g.hip_joint)) * _unit(line)
        knees.append(_flat(offset, up))
    cues.append(("knees", knees[0] + knees[1], leg_length))
    elbows = []
    for a in reading.arms:
        upper = _unit(a.elbow - a.shoulder)
        fore = a.wrist - a.elbow
        elbows.append(_flat(fore - (fore @ upper) * upper, up))
    cues.append(("elbows", elbows[0] + elbows[1], arm_length))
    for name, vector, length in cues:
        along = float(vector @ axis)
        if abs(along) >= th.facing_cue * length:
            return (axis if along > 0 else -axis), name
    convention = _rotation_between(np.array([0.0, 0.0, 1.0]), up) @ np.array([0.0, -1.0, 0.0])
    return (axis if float(convention @ axis) >= 0 else -axis), "assumed"

def _tails_trustworthy(tree: _Tree) -> bool:
    """Whether bones' tails point at their only child's head (Blender-made
    rigs) rather than anywhere (FBX without automatic bone orientation)."""
    agree = total = 0
    for bone in tree.order:
        kids = tree.children[bone]
        if len(kids) != 1 or tree.same_joint(kids[0], bone):
            continue
        total += 1
        if _angle(tree.rig.tails[bone] - tree.heads[bone], tree.heads[kids[0]] - tree.heads[bone]) < 10.0:
            agree += 1
    return total > 0 and agree >= 0.7 * total
