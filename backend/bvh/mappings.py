"""Mappings from the datasets' BVH skeletons to the canonical 22 joints.

Each canonical joint is one of: a source joint; a point on the segment
between two source points (``lerp``); or a fixed offset in a source joint's
local frame (``local``), which turns that joint's rotation into a position.

How joints without a counterpart are made:

* **spine3** (SMPL's upper chest): both sources have two torso joints between
  pelvis and neck, so spine3 sits a quarter of the way from the chest joint to
  the neck (SMPL's spine3 is ~5 cm above spine2, the neck ~20 cm above it).
* **pelvis**: CMU's Daz ``hip`` sits ~3 cm *below* its thigh joints while
  SMPL's pelvis (and Bandai's ``Hips``) sits above them, so the CMU pelvis is
  the hip joint raised 5.5 cm along its own up axis.
* **foot** (SMPL's toe base): Bandai has ``Toes_*`` there; CMU only has the
  toe tip (the foot End Site), so the foot is 80% of the way from ankle to
  toe tip.
* **head** (SMPL's mid-head): CMU's ``head`` joint is the top of the neck;
  the canonical head is halfway to the eyes' midpoint (its End Site) so
  that nodding moves it. Bandai's ``Head`` End Site has zero length, so its
  head is 6 cm along the head bone's own axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..motion import quaternion as Q
from ..motion.axes import SourceFrame
from ..motion.skeleton import JOINT_NAMES, NUM_JOINTS
from .kinematics import local_transforms, world_points, world_transforms
from .model import END_SITE_SUFFIX, Bvh, BvhError


@dataclass(frozen=True)
class Point:
    """``a`` alone: the source point. With ``b``: lerp(a, b, t). With
    ``local``: a + R_a @ local (file units, a's local frame)."""

    a: str
    b: str | None = None
    t: float = 0.0
    local: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class SkeletonMapping:
    name: str
    frame: SourceFrame
    points: tuple[Point, ...]  # one per canonical joint, in canonical order

    def required_joints(self) -> set[str]:
        names = set()
        for point in self.points:
            for ref in (point.a, point.b):
                if ref:
                    names.add(ref.removesuffix(END_SITE_SUFFIX))
        return names

    def check(self, bvh: Bvh) -> None:
        missing = sorted(self.required_joints() - set(bvh.names))
        if missing:
            raise BvhError(f"{bvh.source}: missing joint(s) {missing} required by the {self.name} mapping")

    def to_canonical(self, bvh: Bvh, rotations: np.ndarray | None = None, translations: np.ndarray | None = None) -> np.ndarray:
        """BVH (or given local rotations/translations of it) -> (F, 22, 3)
        canonical joint positions in metres, Y up, facing +Z."""
        self.check(bvh)
        if rotations is None or translations is None:
            rotations, translations = local_transforms(bvh)
        points = world_points(bvh, rotations, translations)
        world_rot = None
        out = np.zeros((rotations.shape[0], NUM_JOINTS, 3))
        for j, point in enumerate(self.points):
            if point.a not in points:
                raise BvhError(f"{bvh.source}: {point.a!r} (for {JOINT_NAMES[j]}) does not exist")
            value = points[point.a]
            if point.b is not None:
                if point.b not in points:
                    raise BvhError(f"{bvh.source}: {point.b!r} (for {JOINT_NAMES[j]}) does not exist")
                value = value + point.t * (points[point.b] - value)
            if point.local is not None:
                if world_rot is None:
                    world_rot, _ = world_transforms(bvh, rotations, translations)
                rot = world_rot[:, bvh.index(point.a)]
                value = value + Q.qrot(rot, np.broadcast_to(np.asarray(point.local, dtype=np.float64), value.shape))
            out[:, j] = value
        return self.frame.to_canonical(out)


CMU_DAZ = SkeletonMapping(
    name="cmu_daz",
    frame=SourceFrame(up="+Y", forward="+Z", unit_scale=0.01),
    points=(
        Point("hip", local=(0.0, 5.5, 0.0)),
        Point("lThigh"), Point("rThigh"),
        Point("abdomen"),
        Point("lShin"), Point("rShin"),
        Point("chest"),
        Point("lFoot"), Point("rFoot"),
        Point("chest", "neck", 0.25),
        Point("lFoot", "lFoot" + END_SITE_SUFFIX, 0.8), Point("rFoot", "rFoot" + END_SITE_SUFFIX, 0.8),
        Point("neck"),
        Point("lCollar"), Point("rCollar"),
        Point("head", "head" + END_SITE_SUFFIX, 0.5),
        Point("lShldr"), Point("rShldr"),
        Point("lForeArm"), Point("rForeArm"),
        Point("lHand"), Point("rHand"),
    ),
)

BANDAI = SkeletonMapping(
    name="bandai",
    frame=SourceFrame(up="+Y", forward="+Z", unit_scale=0.01),
    points=(
        Point("Hips"),
        Point("UpperLeg_L"), Point("UpperLeg_R"),
        Point("Spine"),
        Point("LowerLeg_L"), Point("LowerLeg_R"),
        Point("Chest"),
        Point("Foot_L"), Point("Foot_R"),
        Point("Chest", "Neck", 0.25),
        Point("Toes_L"), Point("Toes_R"),
        Point("Neck"),
        Point("Shoulder_L"), Point("Shoulder_R"),
        Point("Head", local=(6.0, 0.0, 0.0)),
        Point("UpperArm_L"), Point("UpperArm_R"),
        Point("LowerArm_L"), Point("LowerArm_R"),
        Point("Hand_L"), Point("Hand_R"),
    ),
)

MAPPINGS = {m.name: m for m in (CMU_DAZ, BANDAI)}
assert all(len(m.points) == NUM_JOINTS for m in MAPPINGS.values())
