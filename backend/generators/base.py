"""The one generator interface (extended with editing by the generator issues).

Every generator turns prompts into motion features at 20 fps: a list of
(frames, 263) float32 arrays in the HumanML3D layout
(``backend.motion.features``); joint positions come from ``recover_from_ric``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

FPS = 20


@dataclass(frozen=True)
class Prompt:
    text: str
    frames: int
    # An id of the dataset item the prompt came from; only sanity generators
    # used to validate the benchmark look at it.
    item: str = ""


class Generator(Protocol):
    name: str

    def generate(self, prompts: Sequence[Prompt], *, seed: int) -> list[np.ndarray]:
        """-> one (prompt.frames, 263) float32 array per prompt."""
        ...
