"""Where each canonical joint is on a rig, and the body lines both share.

Each canonical joint has a counterpart point on the rig, in armature space,
carried by one rig bone:

* pelvis: the hips bone's head; hip, knee, ankle: heads of the thigh, shin
  and foot; shoulder, elbow, wrist: heads of the upper arm, forearm, hand;
  collar: the clavicle's head (no clavicle: ``COLLAR_FRACTION`` of the way
  from spine3 to the shoulder, as on the canonical skeleton, carried by the
  arm's parent); ball of the foot (canonical ``foot``): the toe bone's head,
  else the foot's tail; neck: the first neck bone's head (else the head
  bone's); head: ``HEAD_OFFSET`` (scaled to the rig) above the head bone's head;
* spine1..3: points on the rig's spine polyline (hips head, spine heads, neck)
  at the same fraction of its length as on the canonical spine
  (``SPINE_PARAMS``), so spines of any bone count line up.

Only bone *heads* are trusted: tails of imported rigs often point anywhere.

Soles (``sole_points``): what touches the floor, on the rig's own bones. The
toe tip is the head of the bone after the last toe bone (``Toe_End``), else
that toe bone's tail when it points forwards along the floor, else
``TOE_FRACTION`` of the foot's length ahead of the ball; a rig without toe
bones has its ball (the foot's tail) as its toe. The foot's rest contact
height is the height of the lower of toe tip and ball in the rest pose; the
heel is the point under the ankle at that height, the ball pad the point
under the ball (both carried by the foot). A rest foot that does not slope
down from ankle to ball (``FLAT_FOOT_DEGREES``; the canonical rig's feet
point straight ahead at ankle height) is not standing: its floor is the
canonical ankle standing height (``STANDING_HEIGHTS``, scaled to the rig's
legs) below the ankle, and ankle and ball themselves are its heel and pad
(the canonical skeleton has no sole below them).

The same helpers (``hip_line``, ``collar_line``, ``spine_twist``,
``polyline_at``) measure canonical poses and rig rest poses alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..motion.skeleton import BONE_LENGTHS, NUM_JOINTS, Joint, leg_length
from .frames import unit
from .rig import RigDescription
from .slots import SIDE_JOINTS, SIDES

CANONICAL_LEG_LENGTH = leg_length(BONE_LENGTHS)
# Height above the floor of the canonical ankle and ball-of-foot joints while
# standing: medians over the foot-contact frames of the default build. Checked
# again on clips floored as the generators' are (lowest joint at y = 0; 300
# clips per kind, frames with ankle and ball both in contact): walks 0.072 /
# 0.018, runs 0.073 / 0.016, jumps 0.056 / 0.022, standing 0.074 / 0.034 --
# but CMU (ankle ~0.054, ball ~0.022, foot pitched ~17 degrees) and Bandai
# (ankle ~0.071, ball ~0.002, ~40 degrees) differ, which is why the floor
# is kept by the rig's own soles (``floor``), not by these two numbers.
STANDING_HEIGHTS = {"ankle": 0.07, "ball": 0.02}
# Toe tip estimate when a rig's toe bone says nothing about it: this fraction
# of the ankle-to-ball length ahead of the ball (a human toe is ~0.4-0.5 of it).
TOE_FRACTION = 0.45
# A toe bone's tail counts as its tip when it points within this many degrees
# of forwards along the floor.
TOE_TAIL_DEGREES = 45.0
# A rest foot sloping down from ankle to ball less than this stands on nothing.
FLAT_FOOT_DEGREES = 10.0
# Where the canonical (mid-)head joint sits above a rig's head bone, metres.
HEAD_OFFSET = 0.05
COLLAR_FRACTION = float(BONE_LENGTHS[Joint.LEFT_COLLAR] / (BONE_LENGTHS[Joint.LEFT_COLLAR] + BONE_LENGTHS[Joint.LEFT_SHOULDER]))

SPINE_JOINTS = (Joint.PELVIS, Joint.SPINE1, Joint.SPINE2, Joint.SPINE3, Joint.NECK)
SPINE_PARAMS = np.concatenate([[0.0], np.cumsum(BONE_LENGTHS[list(SPINE_JOINTS[1:])])]) / np.sum(BONE_LENGTHS[list(SPINE_JOINTS[1:])])


def hip_line(joints: np.ndarray) -> np.ndarray:
    return joints[..., Joint.LEFT_HIP, :] - joints[..., Joint.RIGHT_HIP, :]


def collar_line(joints: np.ndarray) -> np.ndarray:
    return joints[..., Joint.LEFT_COLLAR, :] - joints[..., Joint.RIGHT_COLLAR, :]


def spine_twist(joints: np.ndarray, fraction: float) -> np.ndarray:
    """Reference 'left' vector at ``fraction`` of the way up the spine."""
    return (1.0 - fraction) * unit(hip_line(joints)) + fraction * unit(collar_line(joints))


def polyline_at(points: np.ndarray, params: np.ndarray, fractions: np.ndarray) -> np.ndarray:
    """Points (..., K, 3) at arc-length ``params`` (K,) -> (..., M, 3) at ``fractions``."""
    points = np.asarray(points, dtype=np.float64)
    fractions = np.clip(np.asarray(fractions, dtype=np.float64), 0.0, 1.0)
    seg = np.clip(np.searchsorted(params, fractions, side="right") - 1, 0, len(params) - 2)
    span = params[seg + 1] - params[seg]
    t = np.where(span > 1e-12, (fractions - params[seg]) / np.where(span > 1e-12, span, 1.0), 0.0)
    return points[..., seg, :] * (1.0 - t[:, None]) + points[..., seg + 1, :] * t[:, None]


def _arc_params(points: np.ndarray) -> np.ndarray:
    lengths = np.linalg.norm(np.diff(points, axis=0), axis=-1)
    total = lengths.sum()
    if total <= 1e-12:
        return np.linspace(0.0, 1.0, len(points))
    return np.concatenate([[0.0], np.cumsum(lengths)]) / total


def rig_joints(
    rig: RigDescription, slot_bones: dict[str, tuple[int, ...]], parents: tuple[int, ...]
) -> tuple[np.ndarray, tuple[int, ...], np.ndarray, np.ndarray]:
    """The rig's counterpart of every canonical joint (module docstring):
    (22, 3) points in armature space, the (22,) bones carrying them, and the
    rig's spine polyline (K, 3) with its arc-length fractions (K,)."""
    heads = rig.heads
    joints = np.zeros((NUM_JOINTS, 3))
    bones = [0] * NUM_JOINTS

    def put(joint: int, point: np.ndarray, bone: int) -> None:
        joints[joint] = point
        bones[joint] = bone

    hips = slot_bones["hips"][0]
    head = slot_bones["head"][0]
    spine = slot_bones["spine"]
    neck_bone = slot_bones["neck"][0] if slot_bones["neck"] else head
    put(Joint.PELVIS, heads[hips], hips)
    put(Joint.NECK, heads[neck_bone], neck_bone)
    polyline = [heads[hips]] + [heads[b] for b in spine] + [heads[neck_bone]]
    carriers = [hips] + list(spine)
    points = np.array(polyline)
    params = _arc_params(points)
    for joint, fraction in zip(SPINE_JOINTS[1:4], SPINE_PARAMS[1:4]):
        seg = int(np.clip(np.searchsorted(params, fraction, side="right") - 1, 0, len(carriers) - 1))
        put(joint, polyline_at(points, params, np.array([fraction]))[0], carriers[seg])

    leg = np.mean([
        np.linalg.norm(heads[slot_bones[f"{s}_shin"][0]] - heads[slot_bones[f"{s}_thigh"][0]])
        + np.linalg.norm(heads[slot_bones[f"{s}_foot"][0]] - heads[slot_bones[f"{s}_shin"][0]])
        for s in SIDES
    ])
    up = unit(heads[neck_bone] - heads[hips])
    put(Joint.HEAD, heads[head] + up * HEAD_OFFSET * leg / CANONICAL_LEG_LENGTH, head)

    for side in SIDES:
        j = SIDE_JOINTS[side]
        upper = slot_bones[f"{side}_upper_arm"][0]
        put(j["shoulder"], heads[upper], upper)
        put(j["elbow"], heads[slot_bones[f"{side}_forearm"][0]], slot_bones[f"{side}_forearm"][0])
        put(j["wrist"], heads[slot_bones[f"{side}_hand"][0]], slot_bones[f"{side}_hand"][0])
        clavicle = slot_bones[f"{side}_clavicle"]
        if clavicle:
            put(j["collar"], heads[clavicle[0]], clavicle[0])
        else:
            carrier = parents[upper] if parents[upper] >= 0 else hips
            base = joints[Joint.SPINE3]
            put(j["collar"], base + COLLAR_FRACTION * (heads[upper] - base), carrier)
        thigh = slot_bones[f"{side}_thigh"][0]
        put(j["hip"], heads[thigh], thigh)
        put(j["knee"], heads[slot_bones[f"{side}_shin"][0]], slot_bones[f"{side}_shin"][0])
        foot = slot_bones[f"{side}_foot"][0]
        put(j["ankle"], heads[foot], foot)
        toes = slot_bones[f"{side}_toes"]
        if toes:
            put(j["ball"], heads[toes[0]], toes[0])
        else:
            put(j["ball"], rig.tails[foot], foot)
    return joints, tuple(bones), points, params


@dataclass(frozen=True)
class Sole:
    """One foot's floor points in armature space (rest pose): the toe tip
    ``toe`` carried by ``toe_bone``; ``heel`` and ``pad`` (under the ball)
    carried by ``foot_bone``; ``contact``: the rest height (along up) of the
    floor under the foot, where heel and pad sit; ``stands``: whether the
    rest foot stands on it (else the floor comes from ``STANDING_HEIGHTS``)."""

    toe: np.ndarray
    toe_bone: int
    heel: np.ndarray
    pad: np.ndarray
    foot_bone: int
    contact: float
    stands: bool = True


def _toe_tip(rig: RigDescription, toe: int, ball: np.ndarray, ankle: np.ndarray, up: np.ndarray, forward: np.ndarray) -> np.ndarray:
    heads, tails = rig.heads, rig.tails
    along = unit((ball - ankle) - ((ball - ankle) @ up) * up)
    if np.linalg.norm(along) < 0.5:
        along = forward
    foot = np.linalg.norm(ball - ankle)
    children = [c for c, p in enumerate(rig.parents) if p == toe]
    ahead = [c for c in children if 0.1 * foot < (heads[c] - ball) @ along < foot and abs((heads[c] - ball) @ up) < 0.5 * foot]
    if ahead:
        return heads[max(ahead, key=lambda c: (heads[c] - ball) @ along)]
    tail = tails[toe] - heads[toe]
    length = np.linalg.norm(tail)
    if 0.1 * foot < length < foot and unit(tail) @ along > np.cos(np.radians(TOE_TAIL_DEGREES)):
        return ball + tail
    return ball + TOE_FRACTION * foot * along


def sole_points(
    rig: RigDescription, slot_bones: dict[str, tuple[int, ...]], joints: np.ndarray, up: np.ndarray, forward: np.ndarray
) -> dict[str, Sole]:
    """Each side's ``Sole`` (module docstring) from the rig's rest pose, its
    rig joints (22, 3) and its armature-space up and forward (unit)."""
    out = {}
    for side in SIDES:
        j = SIDE_JOINTS[side]
        hip, knee, ankle, ball = (joints[j[k]] for k in ("hip", "knee", "ankle", "ball"))
        foot = slot_bones[f"{side}_foot"][0]
        toes = slot_bones[f"{side}_toes"]
        if toes:
            toe_bone, toe = toes[-1], _toe_tip(rig, toes[-1], ball, ankle, up, forward)
        else:
            toe_bone, toe = slot_bones[f"{side}_foot"][-1], ball
        stands = bool((ankle - ball) @ up > np.sin(np.radians(FLAT_FOOT_DEGREES)) * np.linalg.norm(ball - ankle))
        if stands:
            contact = float(min(toe @ up, ball @ up))
            heel, pad = ankle - (ankle @ up - contact) * up, ball - (ball @ up - contact) * up
        else:
            scale = (np.linalg.norm(knee - hip) + np.linalg.norm(ankle - knee)) / CANONICAL_LEG_LENGTH
            contact = float(ankle @ up - scale * STANDING_HEIGHTS["ankle"])
            heel, pad = ankle, ball
        out[side] = Sole(toe=toe, toe_bone=toe_bone, heel=heel, pad=pad, foot_bone=foot, contact=contact, stands=stands)
    return out
