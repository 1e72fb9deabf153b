"""A user's own motion library: a folder tree of BVH takes (issue 20).

``specs(folder, config)`` finds every ``*.bvh`` below ``folder`` (the take id
is its path relative to the folder, without the extension) and its
captions: a sidecar ``<take>.txt`` beside it (one caption per line), else an
index at the folder's top (``captions.json``: {"relative/path.bvh":
["caption", ...]}; or ``captions.csv`` with columns ``file`` and
``caption``, one row per caption). Takes without captions get the
describer's sentences at build time. Splits are drawn per take by hash.

``canonical_positions(spec, fps)`` reads the BVH, describes its skeleton as
an armature (``bvh_rig``: one bone per joint, head at the joint, tail at its
first child or end site), finds the bone map the way the add-on does for a
rig (``retarget.structure_map.propose_map``: name presets first, the
structural map when no preset fills every required slot), and converts the
motion with the add-on's own reader (``retarget.to_canonical``). A take
whose skeleton cannot be mapped, that has fewer than 2 frames, or whose
legs are absurdly short or long for its units is skipped with the reason.

FBX is not read here: no FBX reader is small and well kept enough to ship in
the runtime (the SDK is proprietary; the Python readers are unmaintained or
pull large dependencies). Blender reads FBX: import the takes there and
export BVH (``File > Export > Motion Capture (.bvh)``), see
``docs/own_library.md``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

from ...bvh.kinematics import local_transforms, world_transforms
from ...bvh.model import Bvh, BvhError
from ...bvh.reader import read_bvh
from ...motion import quaternion as Q
from ..config import BuildConfig
from ..splits import split_by_fraction
from .common import Skipped, TakeSpec

SOURCE = "folder"
MIN_FRAMES = 2
# Hip-to-ankle length of the rest skeleton in its own units, after guessing
# them (metres, centimetres, inches): outside this, the take is not a person.
LEG_METRES = (0.35, 1.6)
UNITS = {"m": 1.0, "cm": 0.01, "in": 0.0254, "mm": 0.001}


def _index_captions(folder: Path) -> tuple[dict[str, list[str]], list[Skipped]]:
    captions: dict[str, list[str]] = {}
    problems: list[Skipped] = []
    index_json, index_csv = folder / "captions.json", folder / "captions.csv"
    if index_json.is_file():
        try:
            data = json.loads(index_json.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("expected an object {\"path.bvh\": [captions]}")
            for key, value in data.items():
                lines = [value] if isinstance(value, str) else list(value)
                captions[str(Path(key).with_suffix(""))] = [str(c).strip() for c in lines if str(c).strip()]
        except (ValueError, TypeError) as error:
            problems.append(Skipped(SOURCE, "captions.json", f"unreadable caption index ({error}); takes fall back to sidecars or the describer"))
    if index_csv.is_file():
        try:
            with open(index_csv, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    if row.get("file") and (row.get("caption") or "").strip():
                        captions.setdefault(str(Path(row["file"]).with_suffix("")), []).append(row["caption"].strip())
        except (csv.Error, UnicodeDecodeError) as error:
            problems.append(Skipped(SOURCE, "captions.csv", f"unreadable caption index ({error})"))
    return captions, problems


def specs(folder: Path, config: BuildConfig) -> tuple[list[TakeSpec], list[Skipped]]:
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"--from {folder}: not a folder")
    index, skipped = _index_captions(folder)
    out: list[TakeSpec] = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() == ".fbx":
            skipped.append(Skipped(SOURCE, str(path.relative_to(folder)), "FBX is not read: export the take as BVH from Blender (docs/own_library.md)"))
        if path.suffix.lower() != ".bvh" or not path.is_file():
            continue
        take = str(path.relative_to(folder).with_suffix(""))
        sidecar = path.with_suffix(".txt")
        captions = index.get(take, [])
        if sidecar.is_file():
            try:
                captions = [line.strip() for line in sidecar.read_text(encoding="utf-8").splitlines() if line.strip()]
            except UnicodeDecodeError as error:
                skipped.append(Skipped(SOURCE, str(sidecar.relative_to(folder)), f"unreadable caption sidecar ({error}); the describer captions the take"))
        out.append(TakeSpec(source=SOURCE, take=take, path=str(path), split=split_by_fraction(take, config.split_fractions, config.seed),
                            text={"captions": captions}, labels={"units": config.folder_units}))
    if not out:
        raise ValueError(f"--from {folder}: no .bvh files found below it")
    return out, skipped


def ensure_splits(specs: list[TakeSpec]) -> list[TakeSpec]:
    """A small library still gets a training take, then a validation take
    (two or more takes), then a test take (three or more), moved in hash
    order from the largest split that can spare one (a split's last take
    only goes to a more needed one: training, then validation, then test), so training and its validation curve run (the build applies it
    to the takes that were read)."""
    from dataclasses import replace

    out = list(specs)
    for split, needed in (("train", 1), ("val", 2), ("test", 3)):
        if len(out) < needed or any(s.split == split for s in out):
            continue
        counts = {name: sum(s.split == name for s in out) for name in ("train", "val", "test") if name != split}
        rank = {"train": 0, "val": 1, "test": 2}  # a split's last take only goes to a more needed split
        spare = {name: count for name, count in counts.items() if count > 1 or (count == 1 and rank[name] > rank[split])}
        if not spare:
            continue
        donor = max(spare, key=lambda name: (spare[name], name != "train"))
        index = next(i for i, s in enumerate(out) if s.split == donor)
        out[index] = replace(out[index], split=split)
    return out


def bvh_rig(bvh: Bvh):
    """The BVH skeleton as an armature rest pose (``RigDescription``)."""
    from ...retarget.rig import RigDescription, bone_matrix

    count = len(bvh.joints)
    heads = np.zeros((count, 3))
    for index, joint in enumerate(bvh.joints):
        heads[index] = np.asarray(joint.offset) + (heads[joint.parent] if joint.parent >= 0 else 0.0)
    children: dict[int, list[int]] = {}
    for index, joint in enumerate(bvh.joints):
        children.setdefault(joint.parent, []).append(index)
    tails = np.zeros_like(heads)
    for index, joint in enumerate(bvh.joints):
        kids = [k for k in children.get(index, []) if np.linalg.norm(bvh.joints[k].offset) > 1e-9]
        if kids:
            tails[index] = heads[kids[0]]
        elif joint.end_site is not None and np.linalg.norm(joint.end_site) > 1e-9:
            tails[index] = heads[index] + np.asarray(joint.end_site)
        else:  # a leaf without length: continue its parent's direction a little
            parent = joint.parent
            direction = heads[index] - heads[parent] if parent >= 0 else np.array([0.0, 1.0, 0.0])
            norm = np.linalg.norm(direction)
            tails[index] = heads[index] + (direction / norm * 0.25 * norm if norm > 1e-9 else np.array([0.0, 1.0, 0.0]))
    matrices = bone_matrix(tails - heads)
    return RigDescription(names=bvh.names, parents=tuple(j.parent for j in bvh.joints), heads=heads, tails=tails, matrices=matrices)


def bvh_pose(bvh: Bvh, rig) -> np.ndarray:
    """(F, B, 4, 4) armature-space pose matrices (what Blender's
    ``pose_bone.matrix`` holds): each joint's world rotation times its rest
    bone orientation, at its world position."""
    rotations, translations = local_transforms(bvh)
    world_rot, world_pos = world_transforms(bvh, rotations, translations)
    pose = np.zeros((bvh.frames, len(bvh.joints), 4, 4))
    pose[..., :3, :3] = np.einsum("fjab,jbc->fjac", Q.to_matrix(world_rot), rig.matrices)
    pose[..., :3, 3] = world_pos
    pose[..., 3, 3] = 1.0
    return pose


def canonical_positions(spec: TakeSpec, fps: int) -> np.ndarray:
    from ...retarget import bind
    from ...retarget.from_rig import to_canonical
    from ...retarget.structure_map import propose_map

    bvh = read_bvh(spec.path)
    if bvh.frames < MIN_FRAMES:
        raise BvhError(f"{spec.path}: {bvh.frames} frame(s); a take needs at least {MIN_FRAMES}")
    rig = bvh_rig(bvh)
    proposal = propose_map(rig)
    if proposal.bone_map is None or proposal.missing_required:
        raise ValueError(f"{spec.path}: the skeleton could not be mapped onto a human ({proposal.message})")
    try:
        binding = bind(rig, proposal.bone_map)
    except ValueError as error:
        raise ValueError(f"{spec.path}: the skeleton could not be bound ({error})") from None
    units = spec.labels.get("units") or "auto"
    leg = binding.leg_length
    scale = UNITS[units] if units != "auto" else next((s for s in (1.0, 0.01, 0.0254, 0.001) if LEG_METRES[0] <= leg * s <= LEG_METRES[1]), None)
    if scale is None or not LEG_METRES[0] <= leg * scale <= LEG_METRES[1]:
        raise ValueError(f"{spec.path}: absurd scale: the legs are {leg:g} units long, not a person in metres, centimetres, inches "
                         "or millimetres (set --units)")
    return to_canonical(binding, bvh_pose(bvh, rig), fps=bvh.fps, output_fps=fps)
