"""Shot timeline: a sequence of prompt rows made into one long take.

``rows``: the frozen ``ShotRow`` / ``Shot`` and their JSON loader;
``placement``: putting a clip where the previous one ended (root and
facing); ``bridges``: in-betweening across a boundary through a generator's
edit path; ``take``: the take's arrays and its ``take.json`` sidecar;
``assemble``: ``make_shot`` and ``regenerate_row``; ``cli``: ``python -m
backend shot``. No bpy here (``docs/shot.md``).
"""

from .assemble import BRIDGE_FRAMES, make_shot, regenerate_row
from .rows import MAX_ROW_SECONDS, MAX_TOTAL_SECONDS, Shot, ShotRow, load_shot, parse_shot
from .take import Span, Take, read_take, write_take

__all__ = ["BRIDGE_FRAMES", "MAX_ROW_SECONDS", "MAX_TOTAL_SECONDS", "Shot", "ShotRow", "Span", "Take", "load_shot", "make_shot",
           "parse_shot", "read_take", "regenerate_row", "write_take"]
