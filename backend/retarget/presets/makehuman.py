"""MakeHuman / MPFB default skeleton (``spine05`` is the lowest spine bone).

The collar is ``clavicle`` plus the short ``shoulder01`` bone; upper arm,
forearm, thigh and shin are two bones each. MakeHuman has one bone per toe:
the middle toe's base stands for the ball of the foot."""

from ..bone_map import BoneMap
from ..slots import humanoid, sided_names

_FINGERS = tuple(f"finger{f}-{i}.{{L}}" for f in range(1, 6) for i in (1, 2, 3)) + tuple(
    f"metacarpal{i}.{{L}}" for i in range(1, 5)
)
_TOES = tuple(f"toe{t}-1.{{L}}" for t in (1, 2, 4, 5))

MAKEHUMAN = BoneMap(
    name="makehuman",
    label="MakeHuman / MPFB (default skeleton)",
    slots=humanoid(
        hips="root", spine=("spine05", "spine04", "spine03", "spine02", "spine01"),
        neck=("neck01", "neck02", "neck03"), head="head",
        clavicle=("clavicle.{L}", "shoulder01.{L}"), upper_arm=("upperarm01.{L}", "upperarm02.{L}"),
        forearm=("lowerarm01.{L}", "lowerarm02.{L}"), hand="wrist.{L}",
        thigh=("upperleg01.{L}", "upperleg02.{L}"), shin=("lowerleg01.{L}", "lowerleg02.{L}"),
        foot="foot.{L}", toes="toe3-1.{L}",
    ),
    extras=("jaw",) + sided_names("pelvis.{L}", "breast.{L}", "eye.{L}", *_TOES, *_FINGERS),
)
