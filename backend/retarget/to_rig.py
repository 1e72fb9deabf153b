"""Canonical joint positions -> a rig's local bone rotations and root motion.

Pipeline (``retarget``):

1. Canonical positions (T, 22, 3) are turned into the rig's axes:
   ``motion.axes.canonical_to_blender`` then ``Binding.align``.
2. One world rotation per body segment and frame (``segment_rotations``):
   ``D = frame(a_pose, b_pose) @ frame(a_rest, b_rest).T`` where ``a`` is the
   direction the segment points (the canonical bone for a limb, a chord of
   the canonical spine curve for each rig spine bone) and ``b`` fixes its
   twist: the hip line for the hips; the hip line blended into the collar
   line up the spine; the collar line for neck and head; the chest's up for
   a clavicle; the limb's hinge axis for arms and legs (``hinges``: the bend
   normal, for a straight leg the foot-vs-shin normal, else the previous
   frame's axis carried along). Upper and lower bone of a limb share the
   hinge, so elbows and knees bend about the rig's own hinge axis. Rest
   vectors come from the rig's own rest pose, so T-pose, A-pose, bent rest
   limbs and any bone roll give the same world result.
3. Root: the pelvis goes where the canonical pelvis goes, scaled by the
   leg-length ratio (full root motion), or keeps its first-frame horizontal
   place (``in_place``). Grounding (``floor.ground``) then lifts or lowers it
   per frame so the lowest foot point is at its own standing height whenever
   the source's is (softmin over ankles and balls), whatever the rig's
   proportions, and no heel or ball pad of the rig is under its floor.
4. Optional frame-rate change (slerp of the segment rotations).
5. Foot locking (``foot_lock``: planted feet pinned along the floor and
   put down on it), toes bent up where they would go into the floor
   (``floor.flex_toes``), then conversion to local rotations::

       local[b] = M[b].T @ D[parent].T @ D[b] @ M[b]

   with ``M`` the rest orientation (``bone.matrix_local``) and ``D`` the world
   rotation of the bone and of its parent; the translation bone's location is
   ``M[tb].T @ D[parent(tb)].T @ displacement``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..motion import quaternion as Q
from ..motion.axes import blender_to_canonical, canonical_to_blender
from ..motion.features import CONTACT_THRESHOLD, foot_contacts
from ..motion.resample import interpolate_positions, sample_times
from ..motion.skeleton import NUM_JOINTS, Joint
from .animation import RigAnimation
from .binding import Binding
from .floor import flex_toes, foot_heights, ground
from .foot_lock import LOCK_RADIUS, lock_feet
from .frames import frame
from .hinges import arm_hinges, leg_hinges
from .rig_joints import SPINE_JOINTS, SPINE_PARAMS, collar_line, hip_line, polyline_at, spine_twist
from .slots import SIDE_JOINTS, SIDES
from .timing import GENERATOR_FPS, nearest_flags, resample_rotation_matrices

ROOT_MOTION_MODES = ("full", "in_place")


@dataclass(frozen=True, kw_only=True)
class RetargetOptions:
    """``fps``: output rate (None keeps ``source_fps``). ``root_motion``:
    ``"full"`` or ``"in_place"`` (horizontal root motion removed; feet are
    then not locked). ``ground``: keep feet on the floor. ``foot_lock``:
    remove foot sliding during contacts; ``lock_radius`` (canonical metres)
    is the widest one lock may be (``inf``: pin each contact run in one
    place, which moves slow shuffles and pivots more). ``source_leg``: the
    source's hip-to-ankle length in metres (None: measured from the clip);
    give it to keep one scale across clips retargeted in parts (a shot, a row
    made again)."""

    source_fps: float = GENERATOR_FPS
    fps: float | None = None
    root_motion: str = "full"
    ground: bool = True
    foot_lock: bool = True
    lock_blend_seconds: float = 0.1
    lock_radius: float = LOCK_RADIUS
    source_leg: float | None = None

    def __post_init__(self) -> None:
        if self.root_motion not in ROOT_MOTION_MODES:
            raise ValueError(f"root_motion must be one of {ROOT_MOTION_MODES}, got {self.root_motion!r}")
        if self.source_fps <= 0 or (self.fps is not None and self.fps <= 0):
            raise ValueError("frame rates must be positive")
        if not self.lock_radius > 0 or self.lock_blend_seconds < 0:
            raise ValueError("lock_radius must be positive and lock_blend_seconds not negative")
        if self.source_leg is not None and not self.source_leg > 0:
            raise ValueError("source_leg must be positive")


def _check_positions(positions: np.ndarray) -> np.ndarray:
    positions = np.asarray(positions, dtype=np.float64)
    if positions.ndim != 3 or positions.shape[1:] != (NUM_JOINTS, 3) or positions.shape[0] < 1:
        raise ValueError(f"expected canonical positions of shape (T, {NUM_JOINTS}, 3), got {positions.shape}")
    if not np.all(np.isfinite(positions)):
        raise ValueError("canonical positions contain NaN or infinite values")
    return positions


def source_leg_length(positions: np.ndarray) -> float:
    """Median hip-to-ankle length of both legs of a (T, 22, 3) clip."""
    legs = []
    for side in SIDES:
        j = SIDE_JOINTS[side]
        legs.append(np.linalg.norm(positions[:, j["knee"]] - positions[:, j["hip"]], axis=-1)
                    + np.linalg.norm(positions[:, j["ankle"]] - positions[:, j["knee"]], axis=-1))
    return float(np.median(np.concatenate(legs)))


def to_rig_axes(binding: Binding, points: np.ndarray) -> np.ndarray:
    """(..., 3) canonical points or vectors -> the rig's armature axes (unscaled)."""
    return canonical_to_blender(points) @ binding.align.T


def canonical_path(binding: Binding, points: np.ndarray, positions: np.ndarray, *, source_leg: float | None = None) -> np.ndarray:
    """(N, 3) points in the armature's space (a curve the pelvis should follow)
    -> (N, 3) canonical points that ``retarget`` of ``positions`` (with the
    same ``source_leg``) maps onto them: the inverse of the pelvis placement
    (origin, scale, axes)."""
    scale = binding.leg_length / max(source_leg or source_leg_length(np.asarray(positions, dtype=np.float64)), 1e-6)
    local = (np.asarray(points, dtype=np.float64) - binding.origin(scale)) / scale
    return blender_to_canonical(local @ binding.align)


def contacts_of(positions: np.ndarray, fps: float) -> np.ndarray:
    """(T, 22, 3) canonical positions -> (T, 2, 2) contact flags (side, ankle/ball).
    The threshold is HumanML3D's at 20 fps, scaled to ``fps``; the last frame
    repeats the one before."""
    frames = len(positions)
    if frames < 2:
        return np.zeros((frames, 2, 2), dtype=bool)
    threshold = CONTACT_THRESHOLD * (GENERATOR_FPS / fps) ** 2
    left, right = foot_contacts(positions, threshold)
    flags = np.stack([left, right], axis=1) > 0
    return np.concatenate([flags, flags[-1:]], axis=0)


def segment_rotations(binding: Binding, joints: np.ndarray) -> dict[str, np.ndarray]:
    """(T, 22, 3) canonical joints in rig axes -> {segment: (T, 3, 3)} world
    rotations relative to the rig's rest pose (see the module docstring)."""
    frames = joints.shape[0]
    identity = np.broadcast_to(np.eye(3), (frames, 3, 3))
    rest_frames, rest_axes = binding.rest_frames, binding.rest_axes
    out: dict[str, np.ndarray] = {}

    def carried(bone: int) -> np.ndarray:
        parent = binding.parents[bone]
        while parent >= 0:
            segment = binding.segment_of[parent]
            if segment in out:
                return out[segment]
            parent = binding.parents[parent]
        return identity

    def solve(name: str, a: np.ndarray, b: np.ndarray, parent: np.ndarray, b_fallback: np.ndarray | None = None) -> np.ndarray:
        rest = rest_frames[name]
        if b_fallback is None:
            b_fallback = parent @ rest[:, 1]
        pose = frame(a, b, a_fallback=parent @ rest_axes[name], b_fallback=b_fallback)
        out[name] = pose @ rest.T
        return out[name]

    def swung(parent: np.ndarray, name: str, direction: np.ndarray) -> np.ndarray:
        """The parent's rotation followed by the shortest turn of the bone's
        carried rest direction onto ``direction``: where a limb with no
        visible bend keeps its twist (swing-only retargeting)."""
        rest_direction = parent @ rest_axes[name]
        return np.einsum("tab,tbc->tac", Q.to_matrix(Q.qbetween(rest_direction, direction)), parent)

    slots = binding.slot_bones
    solve("hips", hip_line(joints), joints[:, Joint.SPINE1] - joints[:, Joint.PELVIS], identity)
    curve = joints[:, list(SPINE_JOINTS)]
    for i, bone in enumerate(slots["spine"]):
        ends = polyline_at(curve, SPINE_PARAMS, np.array(binding.spine_bone_fractions(i)))
        solve(f"spine{i}", ends[:, 1] - ends[:, 0], spine_twist(joints, binding.spine_twist_fraction(i)), carried(bone))
    neck_first = (slots["neck"] or slots["head"])[0]
    solve("neck", joints[:, Joint.HEAD] - joints[:, Joint.NECK], collar_line(joints), carried(neck_first))
    for side in SIDES:
        j = SIDE_JOINTS[side]
        if slots[f"{side}_clavicle"]:
            solve(f"{side}_clavicle", joints[:, j["shoulder"]] - joints[:, j["collar"]],
                  joints[:, Joint.NECK] - joints[:, Joint.SPINE3], carried(slots[f"{side}_clavicle"][0]))
        parent = carried(slots[f"{side}_upper_arm"][0])
        direction = joints[:, j["elbow"]] - joints[:, j["shoulder"]]
        start = swung(parent, f"{side}_upper_arm", direction) @ binding.rest_hinges[f"{side}_arm"]
        hinge = arm_hinges(joints, side, parent, start)
        upper = solve(f"{side}_upper_arm", direction, hinge, parent)
        solve(f"{side}_forearm", joints[:, j["wrist"]] - joints[:, j["elbow"]], hinge, upper)
    for side in SIDES:
        j = SIDE_JOINTS[side]
        parent = carried(slots[f"{side}_thigh"][0])
        direction = joints[:, j["knee"]] - joints[:, j["hip"]]
        start = swung(parent, f"{side}_thigh", direction) @ binding.rest_hinges[f"{side}_leg"]
        hinge = leg_hinges(joints, side, parent, start)
        thigh = solve(f"{side}_thigh", direction, hinge, parent)
        shin = solve(f"{side}_shin", joints[:, j["ankle"]] - joints[:, j["knee"]], hinge, thigh)
        foot = solve(f"{side}_foot", joints[:, j["ball"]] - joints[:, j["ankle"]], hinge, shin)
        if f"{side}_toes" in binding.segments:
            out[f"{side}_toes"] = foot
    return out


def local_rotations(binding: Binding, segments: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Segment rotations -> ((T, B, 4) local quaternions, (T, B, 3, 3) bone
    world rotations). Bones that only follow their parent (hands, unmapped
    bones) get the identity."""
    rotations = binding.bone_rotations(segments)
    frames, bones = rotations.shape[:2]
    rest = binding.rig.matrices
    quats = Q.identity((frames, bones))
    for bone in range(bones):
        if binding.segment_of[bone] is None:
            continue
        parent = binding.parents[bone]
        relative = rotations[:, bone] if parent < 0 else np.swapaxes(rotations[:, parent], -1, -2) @ rotations[:, bone]
        quats[:, bone] = Q.from_matrix(rest[bone].T @ relative @ rest[bone])
    return Q.continuous(quats, axis=0), rotations


def retarget(positions: np.ndarray, binding: Binding, *, options: RetargetOptions = RetargetOptions()) -> RigAnimation:
    """(T, 22, 3) canonical joint positions (metres, Y up, floor at y = 0, at
    ``options.source_fps``) -> ``RigAnimation`` for ``binding.rig``."""
    positions = _check_positions(positions)
    joints = to_rig_axes(binding, positions)
    scale = binding.leg_length / max(options.source_leg or source_leg_length(positions), 1e-6)
    segments = segment_rotations(binding, joints)
    pelvis = binding.origin(scale) + scale * joints[:, Joint.PELVIS]
    heights = foot_heights(positions)
    contacts = contacts_of(positions, options.source_fps)

    fps = options.source_fps if options.fps is None else float(options.fps)
    if abs(fps - options.source_fps) > 1e-9:
        times = sample_times(len(positions), options.source_fps, fps)
        segments = {name: resample_rotation_matrices(value, times) for name, value in segments.items()}
        pelvis = interpolate_positions(pelvis, times)
        heights = interpolate_positions(heights, times)
        contacts = nearest_flags(contacts, times)

    if options.root_motion == "in_place":
        horizontal = pelvis - binding.height(pelvis)[:, None] * binding.up
        pelvis = pelvis - horizontal + horizontal[:1]
    if options.ground:
        pelvis = pelvis + ground(binding, segments, pelvis, heights, scale)[:, None] * binding.up
    displacement = pelvis - binding.joints[Joint.PELVIS]
    if options.foot_lock and options.root_motion == "full":
        segments = lock_feet(
            binding, segments, displacement, contacts, fps=fps, scale=scale,
            blend_seconds=options.lock_blend_seconds, radius=options.lock_radius,
        )
    segments = flex_toes(binding, segments, displacement)

    quats, rotations = local_rotations(binding, segments)
    translation = binding.translation_bone
    mapped = set(binding.bone_map.mapped_bones())
    parent = binding.rig.parents[translation]
    carried = displacement if parent < 0 else np.einsum("tba,tb->ta", rotations[:, parent], displacement)
    location = carried @ binding.rig.matrices[translation]
    return RigAnimation(
        bone_names=binding.rig.names,
        rotations=quats,
        animated=tuple(name in mapped or i == translation for i, name in enumerate(binding.rig.names)),
        translation_bone=binding.rig.names[translation],
        location=location,
        fps=fps,
        contacts=contacts.reshape(len(contacts), 4),
    )
