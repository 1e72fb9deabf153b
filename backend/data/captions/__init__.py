"""Captions a person would write, made from the text labels of the training data.

* ``bandai_captions(content, style)``: Bandai-Namco content x style labels.
* ``cmu_captions(description, subject_description)``: CMU take descriptions.
* ``swap_left_right(text)``: captions for left/right-mirrored clips.
* ``template_counts()``: how many templates and phrase variants there are.

docs/captions.md describes how the sentences are written.
"""

from . import bandai, cmu
from .bandai import bandai_captions
from .cmu import cmu_captions
from .sides import swap_left_right


def template_counts() -> dict:
    """Return the number of distinct templates and phrase variants, per Bandai content and style and for CMU."""
    counts = bandai.template_counts()
    return {
        "bandai": counts,
        "cmu": cmu.template_counts(),
    }


__all__ = ["bandai_captions", "cmu_captions", "swap_left_right", "template_counts"]
