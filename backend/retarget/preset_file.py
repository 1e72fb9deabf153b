"""Bone-map preset files: JSON, read as data and validated, never executed.

Layout (``FORMAT``, version 1)::

    {
      "format": "text2motion-bone-map",
      "version": 1,
      "name": "my_character",
      "label": "My character",
      "slots": {"hips": ["Hips"], "spine": ["Spine", "Chest"], "left_upper_arm": ["Arm.L"], ...},
      "translation_bone": null,
      "parent_mode": "rig",
      "extras": []
    }

Unknown keys, unknown slots and anything that is not a string where a bone
name belongs are errors (``ValueError``), so a typo never half-loads.
"""

from __future__ import annotations

import json
from pathlib import Path

from .bone_map import BoneMap

FORMAT = "text2motion-bone-map"
VERSION = 1
MAX_FILE_BYTES = 1 << 20
_KEYS = {"format", "version", "name", "label", "slots", "translation_bone", "parent_mode", "extras"}


def to_dict(bone_map: BoneMap) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": bone_map.name,
        "label": bone_map.label,
        "slots": {slot: list(chain) for slot, chain in bone_map.slots.items()},
        "translation_bone": bone_map.translation_bone,
        "parent_mode": bone_map.parent_mode,
        "extras": list(bone_map.extras),
    }


def _strings(value, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of bone names (strings)")
    return tuple(value)


def from_dict(data: dict) -> BoneMap:
    if not isinstance(data, dict):
        raise ValueError("a bone-map preset is a JSON object")
    if data.get("format") != FORMAT:
        raise ValueError(f"not a bone-map preset (format must be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ValueError(f"unsupported bone-map preset version {data.get('version')!r} (this build reads {VERSION})")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) in bone-map preset: {unknown}")
    slots = data.get("slots", {})
    if not isinstance(slots, dict):
        raise ValueError("'slots' must be an object of slot -> list of bone names")
    translation = data.get("translation_bone")
    if translation is not None and not isinstance(translation, str):
        raise ValueError("'translation_bone' must be a bone name or null")
    for key in ("name", "label", "parent_mode"):
        if key in data and not isinstance(data[key], str):
            raise ValueError(f"{key!r} must be a string")
    return BoneMap(
        name=data.get("name") or "custom",
        label=data.get("label", ""),
        slots={slot: _strings(chain, f"slot {slot!r}") for slot, chain in slots.items()},
        translation_bone=translation,
        parent_mode=data.get("parent_mode", "rig"),
        extras=_strings(data.get("extras", []), "'extras'"),
    )


def dumps(bone_map: BoneMap) -> str:
    return json.dumps(to_dict(bone_map), indent=1, ensure_ascii=False) + "\n"


def loads(text: str) -> BoneMap:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"bone-map preset is not valid JSON: {error}") from None
    return from_dict(data)


def save_preset(bone_map: BoneMap, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(bone_map), encoding="utf-8")
    return path


def load_preset(path: Path) -> BoneMap:
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"{path} is larger than {MAX_FILE_BYTES} bytes; not a bone-map preset")
    return loads(path.read_text(encoding="utf-8"))
