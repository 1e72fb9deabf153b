"""Settings of the structural auto-mapper (``structure_map``): the preset
name and label it proposes under, every tolerance (``Thresholds``), the human
proportions limb splits are scored against (``Proportions``), and the errors
it raises: ``NotHumanoid`` for the user, ``_Failure`` for one trial direction."""

from __future__ import annotations

from dataclasses import dataclass

from .slots import REQUIRED_SLOTS

STRUCTURE_PRESET = "structure"
STRUCTURE_LABEL = "Proposed from the rig's structure"
# Hips, head and six bones a side: the fewest bones a drivable humanoid has.
MIN_BONES = len(REQUIRED_SLOTS)


class NotHumanoid(ValueError):
    """The rig is not a humanoid this mapper can read; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"could not map: {reason}")
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class Thresholds:
    """Every tolerance of the mapper (lengths as fractions of the body's size)."""

    coincident: float = 0.01  # heads closer than this (x body size) are one joint
    leg_drop: float = 0.2  # a leg hangs at least this (x body height) below where it leaves the spine
    ground: float = 0.1  # a chain ending this close (x body height) to the lowest point is on the ground
    attach_height: float = 0.15  # the two legs (arms) leave the spine within this (x body height) of each other
    arm_reach_ratio: float = 0.35  # the second arm reaches at least this x the first
    arm_spread: float = 0.08  # the hands are at least this (x body height) apart across the body
    duplicate: float = 0.03  # limb tips closer than this (x body height) are one limb (parallel chains)
    pelvis_reach: float = 0.5  # path bones this close (x thigh) below the legs' bone may be the hips
    part_top: float = 0.25  # two limbs sharing a helper part within this share of the limb's length
    upright_deg: float = 50.0  # the spine (hips -> chest) leans at most this from up
    spine_leg_deg: float = 35.0  # and at most this from the line ankles -> hips (a standing body)
    settle_deg: float = 2.0  # up has settled when it moves less than this between rounds
    rounds: int = 4  # at most this many rounds per trial direction
    trial_directions: int = 48  # trial up directions spread over the sphere
    same_basin_deg: float = 20.0  # trials this close to an up already settled on are skipped
    head_top: float = 0.15  # a last leaf this high (x body height) above the shoulders is a head-top end bone
    facing_cue: float = 0.02  # a front cue must be at least this (x limb length) to count


@dataclass(frozen=True, kw_only=True)
class Proportions:
    """Human proportions the limb splits are scored against (log-ratio
    targets with their spread), from the extension's synthetic body and
    common rigs."""

    upper_arm_to_forearm: float = 1.08
    arm_sigma: float = 0.3
    thigh_to_shin: float = 1.0
    leg_sigma: float = 0.35
    clavicle_to_arm: float = 0.29  # clavicle span / (upper arm + forearm)
    clavicle_sigma: float = 0.6
    shoulder_out: float = 0.33  # shoulder's distance from the spine line / (upper arm + forearm)
    shoulder_sigma: float = 0.5
    pelvis_to_thigh: float = 0.5  # a pelvis helper spans at most this x the thigh
    straight_deg: float = 20.0  # bends above this inside one part cost
    limb_tilt_deg: float = 35.0  # thighs and shins lean at most this from down without cost
    foot_turn_deg: float = 45.0  # the bone after the ankle leans at least this from down
    ankle_rise: float = 0.2  # the ankle sits at most this x leg length above the leg's lowest point


THRESHOLDS = Thresholds()
PROPORTIONS = Proportions()


class _Failure(Exception):
    """A trial direction that did not give a humanoid; ``stage`` orders how
    far it got (the furthest one's reason is reported)."""

    def __init__(self, stage: float, reason: str) -> None:
        super().__init__(reason)
        self.stage = stage
        self.reason = reason
