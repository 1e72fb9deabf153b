"""``Binding``: a bone map fixed onto one rig, with everything about the rig's
rest pose that retargeting needs and that does not depend on the motion.

Rig joints (``rig_joints``): the rig's counterpart of each canonical joint.

Segments. Each driven part of the body has one target rotation per frame
(``segment`` names): ``hips``, ``spine0`` …, ``neck`` (all neck bones and the
head), ``left_clavicle``, ``left_upper_arm``, ``left_forearm``,
``left_thigh``, ``left_shin``, ``left_foot``, ``left_toes`` (rigs with toe
bones) and the right ones. Hands follow the forearm; toes follow the foot
unless they bend to stay out of the floor (``floor.flex_toes``); unmapped
bones keep their rest pose relative to their parent.

Rig axes. The rig's up, left and forward directions come from its rest pose
(neck above pelvis, left hip and shoulder at +left), so armatures that are
Y-up (FBX imports), face any way, or use centimetres need no settings.
``align`` takes Blender's standard axes (``motion.axes``: Z up, facing -Y) to
the rig's; it is snapped to the nearest axis permutation when within 20°.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..motion.skeleton import Joint
from .bone_map import BoneMap
from .frames import frame, unit
from .hinges import rest_hinge
from .rig import RigDescription
from .rig_joints import STANDING_HEIGHTS, Sole, collar_line, hip_line, rig_joints, sole_points, spine_twist
from .slots import PREDECESSORS, REQUIRED_SLOTS, SIDE_JOINTS, SIDES, SLOTS

SNAP_DEGREES = 20.0
# Blender's standard character axes as columns (left, up, forward).
_STANDARD_AXES = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]]).T


def _snap(rotation: np.ndarray) -> np.ndarray:
    snapped = np.zeros((3, 3))
    for col in range(3):
        row = int(np.argmax(np.abs(rotation[:, col])))
        snapped[row, col] = np.sign(rotation[row, col])
    if abs(np.linalg.det(snapped) - 1.0) > 1e-6:
        return rotation
    cos = np.clip((np.trace(snapped.T @ rotation) - 1.0) / 2.0, -1.0, 1.0)
    return snapped if np.degrees(np.arccos(cos)) < SNAP_DEGREES else rotation


@dataclass(frozen=True, kw_only=True, eq=False)
class Binding:
    """A resolved bone map on a rig, with its rest-pose measurements.

    ``slot_bones``: slot -> bone indices (chain order); ``parents`` (B,): the
    parent each bone's local rotation is relative to (the armature's, or
    with ``parent_mode="mapped"`` the mapped bone before it); ``order``:
    bones parents first; ``segment_of`` (B,): the segment driving each bone
    (None: follows its parent); ``joints`` (22, 3): rig joints in armature
    space, ``joint_bones`` (22,): the bone carrying each; ``spine_points``
    (K, 3) and ``spine_params`` (K,): the rig's spine polyline and its
    arc-length fractions; ``align`` (3, 3): Blender standard axes -> armature
    axes; ``up``/``forward`` (3,): armature-space directions; ``leg_length``:
    hip-to-ankle length in rig units; ``rest_frames`` segment -> (3, 3),
    ``rest_axes`` segment -> (3,), ``rest_hinges`` ``"left_arm"`` … -> (3,);
    ``soles`` side -> ``rig_joints.Sole`` (toe tip, heel, rest contact height).
    """

    rig: RigDescription
    bone_map: BoneMap
    slot_bones: dict[str, tuple[int, ...]]
    parents: tuple[int, ...]
    order: tuple[int, ...]
    segment_of: tuple[str | None, ...]
    segments: tuple[str, ...]
    translation_bone: int
    joints: np.ndarray
    joint_bones: tuple[int, ...]
    spine_points: np.ndarray
    spine_params: np.ndarray
    align: np.ndarray
    up: np.ndarray
    forward: np.ndarray
    leg_length: float
    rest_frames: dict[str, np.ndarray]
    rest_axes: dict[str, np.ndarray]
    rest_hinges: dict[str, np.ndarray]
    soles: dict[str, Sole]

    # -- construction -------------------------------------------------
    @classmethod
    def create(cls, rig: RigDescription, bone_map: BoneMap) -> Binding:
        """Bind a map whose names are this rig's (see ``detect.resolve``)."""
        missing = [b for b in bone_map.mapped_bones() if b not in rig.names]
        if missing:
            raise ValueError(f"bone map {bone_map.name!r} names bones the rig lacks: {missing}")
        empty = [slot for slot in REQUIRED_SLOTS if not bone_map.bones(slot)]
        if empty:
            raise ValueError(f"bone map {bone_map.name!r} leaves required slot(s) empty: {empty}")
        slot_bones = {slot: tuple(rig.index(b) for b in bone_map.bones(slot)) for slot in SLOTS}
        parents = cls._effective_parents(rig, bone_map, slot_bones)
        order = cls._order(parents)
        segment_of, segments = cls._segments(rig, slot_bones)
        hips = slot_bones["hips"][0]
        translation = bone_map.root_motion_bone
        if translation not in rig.names:
            raise ValueError(f"translation bone {translation!r} is not in the rig")
        translation_bone = rig.index(translation)
        if translation_bone != hips and translation_bone not in cls._chain_up(parents, hips):
            raise ValueError(f"translation bone {translation!r} must be the hips bone or one of its parents")

        joints, joint_bones, spine_points, spine_params = rig_joints(rig, slot_bones, parents)
        left = hip_line(joints) + (joints[Joint.LEFT_SHOULDER] - joints[Joint.RIGHT_SHOULDER])
        up = joints[Joint.NECK] - joints[Joint.PELVIS]
        axes = frame(up, left)  # columns: up, left, up x left (= backward)
        rig_axes = np.stack([axes[:, 1], axes[:, 0], -axes[:, 2]], axis=-1)
        align = _snap(rig_axes @ _STANDARD_AXES.T)
        up_axis, forward_axis = align @ np.array([0.0, 0.0, 1.0]), align @ np.array([0.0, -1.0, 0.0])

        leg = np.mean([
            np.linalg.norm(joints[SIDE_JOINTS[s]["knee"]] - joints[SIDE_JOINTS[s]["hip"]])
            + np.linalg.norm(joints[SIDE_JOINTS[s]["ankle"]] - joints[SIDE_JOINTS[s]["knee"]])
            for s in SIDES
        ])
        if leg <= 1e-9:
            raise ValueError("the rig's legs have zero length in the rest pose")
        binding = cls(
            rig=rig, bone_map=bone_map, slot_bones=slot_bones, parents=parents, order=order,
            segment_of=segment_of, segments=segments, translation_bone=translation_bone, joints=joints,
            joint_bones=joint_bones, spine_points=spine_points, spine_params=spine_params, align=align,
            up=up_axis, forward=forward_axis, leg_length=float(leg), rest_frames={}, rest_axes={}, rest_hinges={},
            soles=sole_points(rig, slot_bones, joints, up_axis, forward_axis),
        )
        binding._rest_targets()
        return binding

    @staticmethod
    def _chain_up(parents: tuple[int, ...], bone: int) -> list[int]:
        out, parent = [], parents[bone]
        while parent != -1 and len(out) <= len(parents):
            out.append(parent)
            parent = parents[parent]
        return out

    @staticmethod
    def _effective_parents(rig: RigDescription, bone_map: BoneMap, slot_bones: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
        parents = list(rig.parents)
        if bone_map.parent_mode != "mapped":
            return tuple(parents)
        for slot in SLOTS:
            chain = slot_bones[slot]
            for k, bone in enumerate(chain):
                if k > 0:
                    parents[bone] = chain[k - 1]
                    continue
                for before in PREDECESSORS[slot]:
                    if slot_bones[before]:
                        parents[bone] = slot_bones[before][-1]
                        break
        return tuple(parents)

    @staticmethod
    def _order(parents: tuple[int, ...]) -> tuple[int, ...]:
        order, state = [], [0] * len(parents)
        for start in range(len(parents)):
            path, bone = [], start
            while bone != -1 and state[bone] == 0:
                state[bone] = 1
                path.append(bone)
                bone = parents[bone]
            if bone != -1 and state[bone] == 1:
                raise ValueError("the mapped hierarchy has a cycle; check the bone map")
            for b in reversed(path):
                state[b] = 2
                order.append(b)
        return tuple(order)

    @staticmethod
    def _segments(rig: RigDescription, slot_bones: dict[str, tuple[int, ...]]) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
        segment_of: list[str | None] = [None] * len(rig.names)
        segments = ["hips"]
        segment_of[slot_bones["hips"][0]] = "hips"
        for i, bone in enumerate(slot_bones["spine"]):
            segment_of[bone] = f"spine{i}"
            segments.append(f"spine{i}")
        for bone in slot_bones["neck"] + slot_bones["head"]:
            segment_of[bone] = "neck"
        segments.append("neck")
        for side in SIDES:
            for part in ("clavicle", "upper_arm", "forearm", "thigh", "shin", "foot", "toes"):
                chain = slot_bones[f"{side}_{part}"]
                if chain:
                    segments.append(f"{side}_{part}")
                for bone in chain:
                    segment_of[bone] = f"{side}_{part}"
        return tuple(segment_of), tuple(segments)

    def _rest_targets(self) -> None:
        """Rest frames of every segment, the rest axes (primary vectors) and
        the rest hinge axes, by the same rules the solver applies to poses."""
        joints = self.joints
        forward = self.forward
        axes, frames, hinges = self.rest_axes, self.rest_frames, self.rest_hinges
        axes["hips"] = hip_line(joints)
        frames["hips"] = frame(axes["hips"], joints[Joint.SPINE1] - joints[Joint.PELVIS], b_fallback=self.up)
        for i, (start, end) in enumerate(self.spine_chords_rest()):
            axes[f"spine{i}"] = end - start
            frames[f"spine{i}"] = frame(axes[f"spine{i}"], spine_twist(joints, self.spine_twist_fraction(i)), a_fallback=self.up)
        axes["neck"] = joints[Joint.HEAD] - joints[Joint.NECK]
        frames["neck"] = frame(axes["neck"], collar_line(joints), a_fallback=self.up)
        for side in SIDES:
            j = SIDE_JOINTS[side]
            axes[f"{side}_clavicle"] = joints[j["shoulder"]] - joints[j["collar"]]
            frames[f"{side}_clavicle"] = frame(axes[f"{side}_clavicle"], joints[Joint.NECK] - joints[Joint.SPINE3], b_fallback=self.up)
            upper = unit(joints[j["elbow"]] - joints[j["shoulder"]])
            thigh = unit(joints[j["knee"]] - joints[j["hip"]])
            arm_convention = frame(upper, np.cross(upper, forward), b_fallback=np.cross(upper, self.up))[:, 1]
            leg_convention = frame(thigh, np.cross(thigh, -forward), b_fallback=np.cross(self.up, forward))[:, 1]
            fore, shin, foot = (unit(joints[j[b]] - joints[j[a]]) for a, b in (("elbow", "wrist"), ("knee", "ankle"), ("ankle", "ball")))
            hinges[f"{side}_arm"] = rest_hinge(np.cross(upper, fore), arm_convention)
            hinges[f"{side}_leg"] = rest_hinge(np.cross(thigh, shin), rest_hinge(np.cross(foot, shin), leg_convention))
            for part, start, end, hinge in (
                ("upper_arm", "shoulder", "elbow", "arm"), ("forearm", "elbow", "wrist", "arm"),
                ("thigh", "hip", "knee", "leg"), ("shin", "knee", "ankle", "leg"), ("foot", "ankle", "ball", "leg"),
            ):
                axes[f"{side}_{part}"] = joints[j[end]] - joints[j[start]]
                frames[f"{side}_{part}"] = frame(axes[f"{side}_{part}"], hinges[f"{side}_{hinge}"], b_fallback=forward)

    # -- spine geometry -------------------------------------------------
    def spine_chords_rest(self) -> list[tuple[np.ndarray, np.ndarray]]:
        points = self.spine_points
        return [(points[i + 1], points[i + 2]) for i in range(len(self.slot_bones["spine"]))]

    def spine_bone_fractions(self, i: int) -> tuple[float, float]:
        """Arc-length fractions of the rig's spine polyline at spine bone i's ends."""
        return float(self.spine_params[i + 1]), float(self.spine_params[i + 2])

    def spine_twist_fraction(self, i: int) -> float:
        """Where along the spine bone i takes its twist reference: its upper
        end, so the last spine bone (which carries neck and clavicles) turns
        with the collar line and the twist is spread over the bones below."""
        return self.spine_bone_fractions(i)[1]

    # -- forward kinematics on segment rotations --------------------------
    def bone_rotations(self, segment_rotations: dict[str, np.ndarray]) -> np.ndarray:
        """Segment rotations {name: (T, 3, 3)} -> (T, B, 3, 3) world rotations
        of every bone relative to its rest (unmapped bones follow their parent)."""
        frames = next(iter(segment_rotations.values())).shape[0]
        out = np.empty((frames, len(self.rig.names), 3, 3))
        identity = np.broadcast_to(np.eye(3), (frames, 3, 3))
        for bone in self.order:
            segment = self.segment_of[bone]
            if segment is not None:
                out[:, bone] = segment_rotations[segment]
            elif self.parents[bone] >= 0:
                out[:, bone] = out[:, self.parents[bone]]
            else:
                out[:, bone] = identity
        return out

    def bone_heads(self, rotations: np.ndarray, displacement: np.ndarray) -> np.ndarray:
        """(T, B, 3, 3) bone world rotations and (T, 3) displacement of the
        translation bone -> (T, B, 3) armature-space bone heads."""
        heads = self.rig.heads
        out = np.empty(rotations.shape[:2] + (3,))
        for bone in self.order:
            parent = self.parents[bone]
            if bone == self.translation_bone:
                base = heads[bone] if parent < 0 else out[:, parent] + rotations[:, parent] @ (heads[bone] - heads[parent])
                out[:, bone] = base + displacement
            elif parent < 0:
                out[:, bone] = heads[bone]
            else:
                out[:, bone] = out[:, parent] + rotations[:, parent] @ (heads[bone] - heads[parent])
        return out

    def joint_positions(self, rotations: np.ndarray, heads: np.ndarray) -> np.ndarray:
        """(T, B, 3, 3) rotations and (T, B, 3) heads -> (T, 22, 3) rig joints."""
        bones = list(self.joint_bones)
        offsets = self.joints - self.rig.heads[bones]
        return heads[:, bones] + np.einsum("tjab,jb->tja", rotations[:, bones], offsets)

    # -- rig <-> canonical scale and floor ---------------------------------
    def height(self, points: np.ndarray) -> np.ndarray:
        return np.asarray(points) @ self.up

    def floor(self, scale: float) -> float:
        """Height (rig units, along ``up``) that the canonical floor maps to
        when canonical metres are multiplied by ``scale``: the rest ankles and
        balls at their standing heights (a rest foot that does not stand --
        ``Sole.stands`` -- by its ankle alone)."""
        values = []
        for side in SIDES:
            j = SIDE_JOINTS[side]
            values.append(self.height(self.joints[j["ankle"]]) - scale * STANDING_HEIGHTS["ankle"])
            if self.soles[side].stands:
                values.append(self.height(self.joints[j["ball"]]) - scale * STANDING_HEIGHTS["ball"])
        return float(np.mean(values))

    def origin(self, scale: float) -> np.ndarray:
        """Rig point that the canonical origin maps to: under the rest pelvis, on the floor."""
        pelvis = self.joints[Joint.PELVIS]
        return pelvis - self.height(pelvis) * self.up + self.floor(scale) * self.up


def bind(rig: RigDescription, bone_map: BoneMap) -> Binding:
    """Bind ``bone_map`` (names already this rig's, e.g. from ``detect``) to ``rig``."""
    return Binding.create(rig, bone_map)
