"""The bone-name canonicaliser: one pure function from any spelling of a bone
name to a comparable key.

``bone_key("Armature|mixamorig:LeftUpLeg") == bone_key("left_up_leg") ==
("L", "upleg")``. It

* drops namespaces (everything up to the last ``:`` or ``|``: FBX/Maya
  namespaces, ``Armature|`` object prefixes) and known exporter prefixes
  (``mixamorig``, ``mixamorig1_``, SMPL's ``m_avg_``/``f_avg_``);
* splits on separators (``. _ - space``) and camelCase, lowercases, writes
  numbers without leading zeros (``spine_01`` == ``Spine1`` == ``spine.001``);
* takes the side out wherever it is written: ``Left…``/``Right…``,
  ``…_L``/``….l``/`` L``, ``L_…`` (Character Creator), ``lThigh`` (DAZ),
  ``left_…``/``…_right``, ``Bip01 L Thigh`` (3ds Max Biped), Japanese
  ``左…``/``右…`` (MMD; also ``…左`` at the end, ``腰キャンセル左``), and
  returns it as ``"L"``, ``"R"`` or ``""``; Auto-Rig Pro's centre suffix
  ``.x`` stays part of the name (``root.x`` is not ``root``).

Names are NFKC-normalised first, so MMD's full-width letters and digits and
half-width katakana read as their plain forms (``左足ＩＫ`` == ``左足IK``,
``上半身２`` == ``上半身2``, ``ｾﾝﾀｰ`` == ``センター``); letters of any script are
kept (a run of them is one word), so Japanese names do not collapse to ``""``.
HumanIK's default character prefix ``Character1_`` is dropped like a
namespace.

``flat_key`` is the fallback when case was destroyed (``LTHIGHBEND`` cannot be
split): lowercase letters (of any script) and digits only.
"""

from __future__ import annotations

import re
import unicodedata

_NAMESPACE = re.compile(r"^.*[:|]")
_EXPORTER_PREFIXES = (
    re.compile(r"^mixamorig\d*[_.\- ]?", re.IGNORECASE),
    re.compile(r"^[mf]_avg_", re.IGNORECASE),
    re.compile(r"^character\d+_", re.IGNORECASE),
)
# ASCII words split on case, digits, and runs of letters of other scripts.
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^\W\dA-Za-z_]+")
_SIDE_WORDS = {"l": "L", "left": "L", "r": "R", "right": "R"}
_JAPANESE_SIDES = {"左": "L", "右": "R"}


def strip_prefixes(name: str) -> str:
    """Remove namespaces and exporter prefixes, keep the rest as written."""
    stripped = _NAMESPACE.sub("", unicodedata.normalize("NFKC", name).strip())
    for prefix in _EXPORTER_PREFIXES:
        stripped = prefix.sub("", stripped)
    return stripped


def words(name: str) -> list[str]:
    """``"DEF-upper_arm.L.001"`` -> ``["def", "upper", "arm", "l", "1"]``."""
    out = []
    for part in re.split(r"[\W_]+", name):
        for word in _WORDS.findall(part):
            out.append(str(int(word)) if word.isdigit() else word.lower())
    return out


def _split_side(tokens: list[str]) -> tuple[str, list[str]]:
    for i, token in enumerate(tokens):
        if token in _SIDE_WORDS:
            return _SIDE_WORDS[token], tokens[:i] + tokens[i + 1:]
    for i in (0, len(tokens) - 1):
        if not tokens:
            break
        token = tokens[i]
        for word in ("left", "right"):
            if len(token) > len(word) and (token.startswith(word) if i == 0 else token.endswith(word)):
                rest = token[len(word):] if i == 0 else token[: -len(word)]
                return _SIDE_WORDS[word], tokens[:i] + [rest] + tokens[i + 1:]
    if tokens and len(tokens[0]) > 1 and tokens[0][0] in _JAPANESE_SIDES:
        return _JAPANESE_SIDES[tokens[0][0]], [tokens[0][1:]] + tokens[1:]
    if tokens and len(tokens[-1]) > 1 and tokens[-1][-1] in _JAPANESE_SIDES:
        return _JAPANESE_SIDES[tokens[-1][-1]], tokens[:-1] + [tokens[-1][:-1]]
    return "", tokens


def bone_key(name: str) -> tuple[str, str]:
    """(side, base) of a bone name; side is ``"L"``, ``"R"`` or ``""``."""
    side, rest = _split_side(words(strip_prefixes(name)))
    return side, "".join(rest)


def flat_key(name: str) -> str:
    """Lowercase letters and digits of the name without prefixes."""
    return re.sub(r"[\W_]+", "", strip_prefixes(name).lower())
