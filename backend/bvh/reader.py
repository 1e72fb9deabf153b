"""BVH parsing (any channel order and count, end sites), numpy only."""

from __future__ import annotations

import os

import numpy as np

from .model import POSITION_CHANNELS, ROTATION_CHANNELS, Bvh, BvhError, BvhJoint

_VALID_CHANNELS = set(POSITION_CHANNELS + ROTATION_CHANNELS)


def read_bvh(path: str | os.PathLike) -> Bvh:
    """Read a BVH file; raise ``BvhError`` naming the file on any problem."""
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError as error:
        raise BvhError(f"{path}: cannot read ({error.strerror})") from error
    return parse_bvh(text, source=path)


def parse_bvh(text: str, *, source: str = "<string>") -> Bvh:
    head, sep, motion_text = text.partition("MOTION")
    if not sep:
        raise BvhError(f"{source}: no MOTION section (truncated or not a BVH file)")
    joints = _parse_hierarchy(head, source)
    frames, frame_time, values = _parse_motion(motion_text, source)
    channels = sum(len(j.channels) for j in joints)
    if frames == 0:
        raise BvhError(f"{source}: the file has no frames")
    expected = frames * channels
    if values.size < expected:
        raise BvhError(
            f"{source}: truncated motion data: {frames} frames x {channels} channels need "
            f"{expected} numbers, found {values.size}"
        )
    if values.size > expected:
        raise BvhError(f"{source}: {values.size - expected} numbers more than {frames} frames x {channels} channels")
    motion = values.reshape(frames, channels)
    if not np.all(np.isfinite(motion)):
        bad = int(np.argwhere(~np.isfinite(motion))[0][0])
        raise BvhError(f"{source}: NaN or infinite value in frame {bad}")
    return Bvh(tuple(joints), frame_time, motion, source)


def _parse_hierarchy(text: str, source: str) -> list[BvhJoint]:
    tokens = text.split()
    if not tokens or tokens[0] != "HIERARCHY":
        raise BvhError(f"{source}: does not start with HIERARCHY")
    joints: list[dict] = []
    stack: list[int] = []  # per open brace: a joint index, or -1 for an End Site
    opened: int | None = None  # the joint or End Site (-1) whose '{' comes next
    i = 1

    def need(count: int) -> list[str]:
        nonlocal i
        if i + count > len(tokens):
            raise BvhError(f"{source}: hierarchy ends unexpectedly (truncated?)")
        out = tokens[i:i + count]
        i += count
        return out

    def owner() -> int:
        joint = next((s for s in reversed(stack) if s >= 0), None)
        if joint is None:
            raise BvhError(f"{source}: End Site or data outside any joint")
        return joint

    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token in ("ROOT", "JOINT"):
            (name,) = need(1)
            if token == "ROOT" and stack:
                raise BvhError(f"{source}: ROOT {name} inside another joint")
            if token == "JOINT" and not stack:
                raise BvhError(f"{source}: JOINT {name} outside the ROOT")
            parent = owner() if stack else -1
            joints.append({"name": name, "parent": parent, "offset": None, "channels": (), "end_site": None})
            opened = len(joints) - 1
        elif token == "End":
            need(1)  # "Site"
            owner()
            opened = -1
        elif token == "{":
            if opened is None:
                raise BvhError(f"{source}: '{{' without a joint")
            stack.append(opened)
            opened = None
        elif token == "}":
            if not stack:
                raise BvhError(f"{source}: unbalanced '}}' in the hierarchy")
            stack.pop()
        elif token == "OFFSET":
            if not stack:
                raise BvhError(f"{source}: OFFSET outside a joint")
            try:
                offset = tuple(float(v) for v in need(3))
            except ValueError as error:
                raise BvhError(f"{source}: bad OFFSET ({error})") from error
            if stack[-1] == -1:
                joints[owner()]["end_site"] = offset
            else:
                joints[stack[-1]]["offset"] = offset
        elif token == "CHANNELS":
            if not stack or stack[-1] < 0:
                raise BvhError(f"{source}: CHANNELS outside a joint")
            try:
                count = int(need(1)[0])
            except ValueError as error:
                raise BvhError(f"{source}: bad CHANNELS count") from error
            names = tuple(need(count))
            unknown = [c for c in names if c not in _VALID_CHANNELS]
            if unknown:
                raise BvhError(f"{source}: unknown channel(s) {unknown} in joint {joints[stack[-1]]['name']}")
            joints[stack[-1]]["channels"] = names
        else:
            raise BvhError(f"{source}: unexpected token {token!r} in the hierarchy")
    if stack or opened is not None:
        raise BvhError(f"{source}: hierarchy not closed (truncated?)")
    if not joints:
        raise BvhError(f"{source}: no joints in the hierarchy")
    names = [j["name"] for j in joints]
    if len(set(names)) != len(names):
        raise BvhError(f"{source}: duplicate joint names")
    missing = [j["name"] for j in joints if j["offset"] is None]
    if missing:
        raise BvhError(f"{source}: joint(s) without OFFSET: {missing}")
    return [BvhJoint(j["name"], j["parent"], j["offset"], j["channels"], j["end_site"]) for j in joints]


def _parse_motion(text: str, source: str) -> tuple[int, float, np.ndarray]:
    lines = text.lstrip().split("\n", 2)
    if len(lines) < 2:
        raise BvhError(f"{source}: MOTION section is truncated")
    try:
        key, value = lines[0].split(":", 1)
        if key.strip() != "Frames":
            raise ValueError
        frames = int(value)
        key, value = lines[1].split(":", 1)
        if key.strip() != "Frame Time":
            raise ValueError
        frame_time = float(value)
    except ValueError:
        raise BvhError(f"{source}: MOTION section must start with 'Frames:' and 'Frame Time:' lines") from None
    if frames < 0 or not np.isfinite(frame_time) or frame_time <= 0:
        raise BvhError(f"{source}: invalid frame count {frames} or frame time {frame_time}")
    body = lines[2] if len(lines) > 2 else ""
    try:
        values = np.array(body.split(), dtype=np.float64)
    except ValueError as error:
        raise BvhError(f"{source}: non-numeric motion data ({error})") from error
    return frames, frame_time, values
