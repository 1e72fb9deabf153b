"""Dense captions from motion: a rule-based describer of canonical clips.

Measurable kinematic facts (in the spirit of PoseScript and MotionScript)
become timed events, and events become sentences in temporal order that are
combined with the source labels:

* ``describe(positions)``: (T, 22, 3) canonical positions at 20 fps ->
  ``Description`` of ``Event``s (locomotion, turns, path shape, jumps,
  postures, arm and leg actions, trunk, tempo);
* ``describer_sentences(description, n=5, seed=0)``: sentences alone;
* ``combined_captions(label_captions, description, facts)``: the captions a
  dataset build stores, label and measured facts together, never
  contradicting the label (``bandai_facts``, ``cmu_facts``);
* ``content_of(description)``: the Bandai content the events show (for
  measuring agreement).

docs/describer.md documents every rule, its thresholds and their tuning.
"""

from .agreement import content_of
from .captions import combined_captions, describer_sentences
from .describer import describe
from .events import Description, Event
from .labels import LabelFacts, bandai_facts, cmu_facts
from .thresholds import DEFAULT, Thresholds

__all__ = [
    "DEFAULT",
    "Description",
    "Event",
    "LabelFacts",
    "Thresholds",
    "bandai_facts",
    "cmu_facts",
    "combined_captions",
    "content_of",
    "describe",
    "describer_sentences",
]
