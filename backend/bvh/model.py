"""The in-memory BVH: a joint hierarchy plus a frame x channel motion table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROTATION_CHANNELS = ("Xrotation", "Yrotation", "Zrotation")
POSITION_CHANNELS = ("Xposition", "Yposition", "Zposition")
END_SITE_SUFFIX = "/end"


class BvhError(ValueError):
    """A BVH file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class BvhJoint:
    name: str
    parent: int
    offset: tuple[float, float, float]
    channels: tuple[str, ...]
    end_site: tuple[float, float, float] | None = None

    @property
    def rotation_order(self) -> str:
        """Axis letters of the rotation channels in file order, e.g. 'ZXY'."""
        return "".join(c[0] for c in self.channels if c in ROTATION_CHANNELS)


@dataclass(frozen=True)
class Bvh:
    """``motion`` is (frames, channels) float64, columns in hierarchy order."""

    joints: tuple[BvhJoint, ...]
    frame_time: float
    motion: np.ndarray
    source: str = "<memory>"

    @property
    def frames(self) -> int:
        return int(self.motion.shape[0])

    @property
    def fps(self) -> float:
        return 1.0 / self.frame_time

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(j.name for j in self.joints)

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise BvhError(f"{self.source}: no joint named {name!r}") from None

    def channel_columns(self) -> list[slice]:
        """Per joint, the slice of its channels in ``motion``."""
        columns, start = [], 0
        for joint in self.joints:
            columns.append(slice(start, start + len(joint.channels)))
            start += len(joint.channels)
        return columns

    def with_motion(self, motion: np.ndarray, frame_time: float | None = None) -> "Bvh":
        return Bvh(self.joints, self.frame_time if frame_time is None else frame_time, np.asarray(motion), self.source)
