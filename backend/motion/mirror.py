"""Left/right mirroring of joint positions and of 263-d features.

Mirroring negates X and swaps every left joint with its right twin. The
feature version works in feature space directly, so it is exact and cheap;
``mirror_features(positions_to_features(p))`` equals
``positions_to_features(mirror_positions(p))``. Captions are swapped by
``backend.data.captions.swap_left_right``.
"""

from __future__ import annotations

import numpy as np

from .features import LAYOUT
from .skeleton import MIRROR_INDEX, NUM_JOINTS

_MIRROR = np.array(MIRROR_INDEX)


def mirror_positions(positions: np.ndarray) -> np.ndarray:
    """(..., 22, 3) -> (..., 22, 3)."""
    mirrored = np.array(positions, copy=True)[..., _MIRROR, :]
    mirrored[..., 0] *= -1
    return mirrored


def mirror_features(features: np.ndarray) -> np.ndarray:
    """(..., T, 263) -> (..., T, 263)."""
    f = np.array(features, copy=True)
    out = f.copy()
    lead = f.shape[:-1]
    out[..., LAYOUT.root_rot_velocity] = -f[..., LAYOUT.root_rot_velocity]
    out[..., 1] = -f[..., 1]

    ric = f[..., LAYOUT.ric].reshape(lead + (NUM_JOINTS - 1, 3))
    ric = ric[..., _MIRROR[1:] - 1, :]
    ric[..., 0] *= -1
    out[..., LAYOUT.ric] = ric.reshape(lead + (-1,))

    # A rotation matrix R mirrors to M R M with M = diag(-1, 1, 1); the 6D
    # features are R's first two columns.
    rot = f[..., LAYOUT.rot6d].reshape(lead + (NUM_JOINTS - 1, 2, 3))
    rot = rot[..., _MIRROR[1:] - 1, :, :]
    sign = np.array([[1.0, -1.0, -1.0], [-1.0, 1.0, 1.0]])
    out[..., LAYOUT.rot6d] = (rot * sign).reshape(lead + (-1,))

    vel = f[..., LAYOUT.local_velocity].reshape(lead + (NUM_JOINTS, 3))
    vel = vel[..., _MIRROR, :]
    vel[..., 0] *= -1
    out[..., LAYOUT.local_velocity] = vel.reshape(lead + (-1,))

    contacts = f[..., LAYOUT.contacts]
    out[..., LAYOUT.contacts] = contacts[..., [2, 3, 0, 1]]
    return out
