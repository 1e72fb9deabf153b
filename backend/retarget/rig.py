"""``RigDescription``: an armature's rest pose as the Blender layer reads it.

Everything is in *armature space* (the armature object's local space, Blender
conventions: a bone's Y axis runs from head to tail, its X and Z axes are set
by the roll), in the armature's own units, exactly as Blender stores it:

* ``heads`` (B, 3) = ``bone.head_local``; ``tails`` (B, 3) = ``bone.tail_local``;
* ``matrices`` (B, 3, 3) = the rotation part of ``bone.matrix_local``
  (columns: the bone's X, Y, Z axes in armature space);
* ``parents`` (B,) = index of ``bone.parent`` (-1 for none).

The retargeter never assumes which way the armature faces, which axis is up,
its units, or any roll convention: it reads them from this rest pose.
``bone_matrix`` reproduces Blender's head/tail/roll -> matrix rule so rigs can
also be described by rolls (tests, BVH skeletons).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

_EPS = 1e-9


def bone_matrix(vector: np.ndarray, roll: np.ndarray | float = 0.0) -> np.ndarray:
    """Blender's edit-bone orientation from (tail - head) and roll (radians):
    (..., 3), (...) -> (..., 3, 3), columns X, Y, Z.

    Y is the normalised vector; the unrolled X and Z come from the shortest
    rotation taking +Y onto it (near -Y Blender uses a fixed flip), and the
    roll then turns X and Z about Y (right-handed).
    """
    vector = np.asarray(vector, dtype=np.float64)
    roll = np.broadcast_to(np.asarray(roll, dtype=np.float64), vector.shape[:-1])
    length = np.linalg.norm(vector, axis=-1, keepdims=True)
    y = np.where(length > _EPS, vector / np.maximum(length, _EPS), np.array([0.0, 1.0, 0.0]))
    x_, y_, z_ = y[..., 0], y[..., 1], y[..., 2]
    theta = 1.0 + y_
    theta_alt = x_ * x_ + z_ * z_
    regular = (theta > 6.1e-3) | (theta_alt > 2.5e-4**2)
    theta = np.where(theta <= 6.1e-3, theta_alt * 0.5 + theta_alt * theta_alt * 0.125, theta)
    theta = np.where(regular, theta, 1.0)
    unrolled = np.zeros(vector.shape[:-1] + (3, 3))
    unrolled[..., 0, 0] = 1.0 - x_ * x_ / theta
    unrolled[..., 1, 0] = -x_
    unrolled[..., 2, 0] = -x_ * z_ / theta
    unrolled[..., :, 1] = y
    unrolled[..., 0, 2] = -x_ * z_ / theta
    unrolled[..., 1, 2] = -z_
    unrolled[..., 2, 2] = 1.0 - z_ * z_ / theta
    flipped = np.diag([-1.0, -1.0, 1.0])
    unrolled = np.where(regular[..., None, None], unrolled, flipped)
    # Rotation by `roll` about y (Rodrigues), applied after the unrolled matrix.
    c, s = np.cos(roll)[..., None, None], np.sin(roll)[..., None, None]
    cross = np.zeros(unrolled.shape)
    cross[..., 0, 1], cross[..., 0, 2] = -y[..., 2], y[..., 1]
    cross[..., 1, 0], cross[..., 1, 2] = y[..., 2], -y[..., 0]
    cross[..., 2, 0], cross[..., 2, 1] = -y[..., 1], y[..., 0]
    outer = y[..., :, None] * y[..., None, :]
    rotation = c * np.eye(3) + s * cross + (1.0 - c) * outer
    return rotation @ unrolled


def _orthonormal(matrices: np.ndarray) -> np.ndarray:
    u, _, vt = np.linalg.svd(matrices)
    fixed = u @ vt
    det = np.linalg.det(fixed)
    u[det < 0, :, -1] *= -1
    return u @ vt


@dataclass(frozen=True, kw_only=True, eq=False)
class RigDescription:
    """An armature's bones and rest pose (see the module docstring)."""

    names: tuple[str, ...]
    parents: tuple[int, ...]
    heads: np.ndarray
    tails: np.ndarray
    matrices: np.ndarray

    def __post_init__(self) -> None:
        names = tuple(str(n) for n in self.names)
        count = len(names)
        if len(set(names)) != count:
            raise ValueError("bone names must be unique")
        parents = tuple(int(p) for p in self.parents)
        heads = np.array(self.heads, dtype=np.float64).reshape(-1, 3)
        tails = np.array(self.tails, dtype=np.float64).reshape(-1, 3)
        matrices = np.array(self.matrices, dtype=np.float64)
        if matrices.shape == (count, 4, 4):
            matrices = matrices[:, :3, :3]
        if len(parents) != count or heads.shape[0] != count or tails.shape[0] != count or matrices.shape != (count, 3, 3):
            raise ValueError(
                f"rig description sizes disagree: {count} names, {len(parents)} parents, heads {heads.shape}, "
                f"tails {tails.shape}, matrices {matrices.shape} (want (B, 3), (B, 3), (B, 3, 3) or (B, 4, 4))"
            )
        if any(p < -1 or p >= count for p in parents):
            raise ValueError("parent indices must be -1 or a bone index")
        if not (np.all(np.isfinite(heads)) and np.all(np.isfinite(tails)) and np.all(np.isfinite(matrices))):
            raise ValueError("rig rest pose contains NaN or infinite values")
        matrices = _orthonormal(matrices)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "parents", parents)
        for field_name, value in (("heads", heads), ("tails", tails), ("matrices", matrices)):
            value.setflags(write=False)
            object.__setattr__(self, field_name, value)
        object.__setattr__(self, "_order", self._topological_order())
        object.__setattr__(self, "_index", {name: i for i, name in enumerate(names)})

    def _topological_order(self) -> tuple[int, ...]:
        order, state = [], [0] * len(self.names)
        for start in range(len(self.names)):
            path, bone = [], start
            while bone != -1 and state[bone] == 0:
                state[bone] = 1
                path.append(bone)
                bone = self.parents[bone]
            if bone != -1 and state[bone] == 1:
                raise ValueError(f"bone hierarchy has a cycle through {self.names[bone]!r}")
            for b in reversed(path):
                state[b] = 2
                order.append(b)
        return tuple(order)

    @classmethod
    def from_parent_names(
        cls, *, names: Sequence[str], parent_names: Sequence[str | None], heads, tails, matrices
    ) -> RigDescription:
        """Parents by name (``None`` or ``""`` for a root), as Blender lists them."""
        index = {name: i for i, name in enumerate(names)}
        missing = sorted({p for p in parent_names if p and p not in index})
        if missing:
            raise ValueError(f"parent bone(s) {missing} are not in the rig")
        parents = tuple(index[p] if p else -1 for p in parent_names)
        return cls(names=tuple(names), parents=parents, heads=heads, tails=tails, matrices=matrices)

    @classmethod
    def from_rolls(cls, *, names: Sequence[str], parent_names: Sequence[str | None], heads, tails, rolls=None) -> RigDescription:
        """Rest matrices from head, tail and roll (radians) by Blender's rule."""
        heads = np.asarray(heads, dtype=np.float64)
        tails = np.asarray(tails, dtype=np.float64)
        rolls = np.zeros(len(names)) if rolls is None else np.asarray(rolls, dtype=np.float64)
        return cls.from_parent_names(
            names=names, parent_names=parent_names, heads=heads, tails=tails, matrices=bone_matrix(tails - heads, rolls)
        )

    @property
    def order(self) -> tuple[int, ...]:
        """Bone indices with every parent before its children."""
        return self._order

    def index(self, name: str) -> int:
        return self._index[name]

    def __len__(self) -> int:
        return len(self.names)

    def parent_names(self) -> tuple[str | None, ...]:
        return tuple(self.names[p] if p >= 0 else None for p in self.parents)

    def rest_matrices_4x4(self) -> np.ndarray:
        """(B, 4, 4) ``bone.matrix_local``."""
        out = np.zeros((len(self.names), 4, 4))
        out[:, :3, :3] = self.matrices
        out[:, :3, 3] = self.heads
        out[:, 3, 3] = 1.0
        return out

    def ancestors(self, bone: int) -> list[int]:
        out, parent = [], self.parents[bone]
        while parent != -1:
            out.append(parent)
            parent = self.parents[parent]
        return out
