"""BVH writing: the exact inverse of ``reader.parse_bvh``."""

from __future__ import annotations

import os

import numpy as np

from .model import Bvh


def format_bvh(bvh: Bvh, *, precision: int = 6) -> str:
    lines = ["HIERARCHY"]
    children: dict[int, list[int]] = {}
    for index, joint in enumerate(bvh.joints):
        children.setdefault(joint.parent, []).append(index)

    def number(value: float) -> str:
        return f"{value:.{precision}f}"

    def emit(index: int, depth: int) -> None:
        joint = bvh.joints[index]
        pad = "\t" * depth
        lines.append(f"{pad}{'ROOT' if joint.parent < 0 else 'JOINT'} {joint.name}")
        lines.append(f"{pad}{{")
        lines.append(f"{pad}\tOFFSET {' '.join(number(v) for v in joint.offset)}")
        lines.append(f"{pad}\tCHANNELS {len(joint.channels)} {' '.join(joint.channels)}".rstrip())
        for child in children.get(index, []):
            emit(child, depth + 1)
        if joint.end_site is not None:
            lines.append(f"{pad}\tEnd Site")
            lines.append(f"{pad}\t{{")
            lines.append(f"{pad}\t\tOFFSET {' '.join(number(v) for v in joint.end_site)}")
            lines.append(f"{pad}\t}}")
        lines.append(f"{pad}}}")

    for root in children.get(-1, []):
        emit(root, 0)
    lines.append("MOTION")
    lines.append(f"Frames: {bvh.frames}")
    lines.append(f"Frame Time: {bvh.frame_time:.7f}")
    fmt = f"%.{precision}f"
    motion = np.asarray(bvh.motion, dtype=np.float64)
    body = "\n".join(" ".join(fmt % v for v in row) for row in motion)
    return "\n".join(lines) + "\n" + body + "\n"


def write_bvh(bvh: Bvh, path: str | os.PathLike, *, precision: int = 6) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(format_bvh(bvh, precision=precision))
