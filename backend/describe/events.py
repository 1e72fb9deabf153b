"""What the describer found in a clip: timed events, and the description that holds them.

Every event is one measurable fact with a time span in seconds from the
clip's first frame. Fields that a kind does not use keep their defaults.

| kind | fields used |
|---|---|
| ``stand`` | ``still`` via ``manner="still"`` when the whole body is quiet |
| ``walk`` ``jog`` ``run`` | ``direction`` (forward, backward, left, right, forward-left, forward-right), ``speed`` m/s, ``distance`` m, ``manner`` (slowly, quickly, "") |
| ``turn`` ``spin`` | ``direction`` (left, right), ``angle`` degrees, ``count`` full turns for a spin |
| ``path`` | ``shape`` (straight, curve, circle, zigzag), ``direction`` of a curve or circle, ``distance`` m |
| ``jump`` | ``count``, ``direction`` (up, forward, backward, left, right), ``angle`` turned in the air |
| ``hop`` | ``side`` (the foot it lands on), ``count`` |
| ``squat`` ``crouch`` ``kneel`` ``sit_down`` ``stand_up`` ``lie_down`` ``get_up`` ``fall`` | ``count`` for squats; ``direction`` for a fall (forward, backward, "") |
| ``raise`` ``lower`` | ``side`` (left, right, both), ``height`` (shoulder, head, overhead), ``count`` |
| ``wave`` | ``side``, ``count`` (back-and-forth strokes), ``height`` |
| ``swing`` ``punch`` ``reach`` | ``side``; ``count`` for punches; ``direction`` for a reach (forward, up, down, sideways) |
| ``kick`` ``step_over`` | ``side`` (the leg), ``count`` for kicks |
| ``bend`` | ``angle`` degrees of forward trunk tilt |
| ``lean`` | ``direction`` (left, right, back) and ``angle`` |
"""

from __future__ import annotations

from dataclasses import dataclass, replace

LOCOMOTION = ("walk", "jog", "run")
POSTURE = ("squat", "crouch", "kneel", "sit_down", "stand_up", "lie_down", "get_up", "fall")
ARMS = ("raise", "lower", "wave", "swing", "punch", "reach")


@dataclass(frozen=True)
class Event:
    """One timed fact (see the module table for the fields of each kind)."""

    kind: str
    start: float  # seconds
    end: float  # seconds
    side: str = ""
    direction: str = ""
    count: int = 1
    angle: float = 0.0
    speed: float = 0.0
    distance: float = 0.0
    height: str = ""
    shape: str = ""
    manner: str = ""

    @property
    def middle(self) -> float:
        return 0.5 * (self.start + self.end)

    def with_(self, **changes) -> "Event":
        return replace(self, **changes)


@dataclass(frozen=True)
class Description:
    """The events of one clip in order of their start, and clip-wide facts."""

    duration: float  # seconds
    events: tuple[Event, ...]
    tempo: str = ""  # "slowly", "quickly" or "" (ordinary)

    def of(self, *kinds: str) -> tuple[Event, ...]:
        """The events of the given kinds, in time order."""
        return tuple(e for e in self.events if e.kind in kinds)
