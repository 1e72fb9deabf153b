"""Per-call sampling options.

Each generator declares a frozen dataclass of its options (guidance scales,
steps or iterations, temperature, ...) deriving from ``SamplingOptions``.
The defaults a call gets are the pack's (``sampling`` in the pack JSON,
tuned on the validation split) over the dataclass defaults; a caller
overrides fields for one call only. Generators never store options, so a
cached model gives every job exactly what that job asked for.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .configs import config_from_dict


@dataclass(frozen=True)
class SamplingOptions:
    @classmethod
    def from_pack(cls, info: dict, *, where: str = "pack") -> "SamplingOptions":
        """Defaults over ``info["sampling"]`` (keys other generators use are ignored)."""
        sampling = info.get("sampling", {}) if isinstance(info, dict) else {}
        if not isinstance(sampling, dict):
            raise ValueError(f"{where}: 'sampling' must be an object")
        names = {f.name for f in dataclasses.fields(cls)}
        data = {**dataclasses.asdict(cls()), **{k: v for k, v in sampling.items() if k in names}}
        return config_from_dict(cls, data, where=where, prefix="sampling.")

    def override(self, **changes) -> "SamplingOptions":
        """A copy with the non-None ``changes`` (checked like a pack's values)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        if not changes:
            return self
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise ValueError(f"unknown option(s) {unknown}; this generator takes {sorted(names)}")
        return config_from_dict(type(self), {**dataclasses.asdict(self), **changes}, where="options")


def ui_overrides(ui_options: tuple[tuple[str, str], ...], **values) -> dict:
    """The sidebar's generic values (``guidance``, ``steps``; None = the
    pack's default) as the generator's own option names."""
    mapping = dict(ui_options)
    unknown = sorted(k for k, v in values.items() if v is not None and k not in mapping)
    if unknown:
        raise ValueError(f"this generator has no {' or '.join(unknown)} option; it takes {', '.join(mapping) or 'none'}")
    return {mapping[k]: v for k, v in values.items() if v is not None}
