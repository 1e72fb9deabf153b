"""Every number the detectors compare against, in one frozen dataclass.

Values were tuned on the TRAINING split only of the default build
(docs/describer.md, "Tuning"): Bandai-Namco training takes per content label
and CMU training clips whose description names the action. Units are SI
(metres, seconds, m/s) and degrees.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # ---- locomotion (gait-averaged pelvis speed; Bandai walk 0.76-1.48 m/s p10-p90,
    # run 1.84-3.33 m/s; standing takes stay under 0.05 m/s)
    move_speed: float = 0.2  # m/s: above it the pelvis travels (a limp is 0.25 m/s)
    move_gap: float = 0.4  # s: pauses this short do not split a bout
    move_min_time: float = 0.6  # s
    move_min_distance: float = 0.6  # m: shifting weight is not walking
    piece_min_time: float = 0.8  # s: shortest gait or direction piece
    # Running has a flight phase (both feet off the ground): Bandai runs 54-87 %
    # of moving frames (p10-p90), walks 0-16 %.
    run_flight: float = 0.3
    run_speed: float = 2.4  # m/s: this fast is running whatever the feet do
    jog_speed: float = 2.3  # m/s: running slower than this is jogging
    run_min_speed: float = 1.0  # m/s: slower "flight" is bouncing in place (boxing footwork), a walk
    fast_run_speed: float = 3.4  # m/s: "runs fast"
    slow_walk_speed: float = 0.6  # m/s: "walks slowly" (Bandai walk p10 0.76)
    fast_walk_speed: float = 1.6  # m/s: "walks briskly" (Bandai walk p90 1.48)
    # Body-frame angle of travel (0 = forward, + = to the left).
    forward_angle: float = 15.0  # Bandai walks stay within 7 deg (90 %), walk-left/right are 19-54 deg
    sideways_angle: float = 65.0  # beyond it: sideways
    backward_angle: float = 120.0  # beyond it: backward
    still_joint_speed: float = 0.12  # m/s mean joint speed relative to the pelvis: standing still
    stand_min_time: float = 1.0  # s

    # ---- turning (heading of the hips and shoulders)
    turn_rate: float = 25.0  # deg/s
    turn_gap: float = 0.4  # s
    turn_min_time: float = 0.25  # s
    turn_min_angle: float = 35.0  # deg: smaller heading changes are not turns
    turn_hold: float = 0.4  # s: the new heading must hold this long
    spin_min_angle: float = 270.0  # deg
    spin_rate: float = 180.0  # deg/s mean over the spin

    # ---- path shape (direction of travel over one walking or running bout)
    path_min_distance: float = 2.5  # m
    path_straight_angle: float = 20.0  # deg: net and wiggle below this is straight
    path_curve_angle: float = 60.0  # deg
    path_circle_angle: float = 300.0  # deg
    path_gradual_share: float = 0.5  # share of frames turning the same way for a curve
    path_gradual_rate: float = 8.0  # deg/s
    zigzag_turn: float = 25.0  # deg: each leg of a zig-zag turns at least this

    # ---- jumps and hops (both feet off the ground)
    air_height: float = 0.1  # m: lowest foot joint above the floor
    air_min_time: float = 0.1  # s
    jump_rise: float = 0.08  # m: pelvis apex above its take-off height
    run_jump_rise: float = 0.2  # m: the same during a run (strides fly too)
    jump_together: float = 0.15  # s: feet leave and land within this of each other
    hop_lift: float = 0.2  # s: a hop keeps the other foot up this long around the flight
    jump_travel: float = 0.3  # m: horizontal travel that makes a jump "forward"

    # ---- postures (stance height: pelvis above the lower ankle; the canonical
    # leg is 0.81 m; Bandai standing takes 0.80-0.82, walks 0.77-0.79, runs 0.72-0.76)
    crouch_stance: float = 0.62  # m: below it the knees are clearly bent
    low_stance: float = 0.48  # m: squatting or sitting
    ground_stance: float = 0.2  # m: sitting on the floor (with an upright trunk)
    lie_stance: float = 0.35  # m
    lie_tilt: float = 55.0  # deg of trunk from vertical
    kneel_height: float = 0.12  # m: knee this close to the ground
    # CMU training clips: sitters lean 3-20 deg with the ankles 0.2-0.5 m in front
    # of the pelvis (0.1 on high stools, leaning under 10 deg); squats lean
    # 13-24 deg with the ankles under the pelvis; crouched walks lean 30-40 deg.
    sit_lean: float = 20.0  # deg: a sitter's trunk stays more upright than this
    perch_lean: float = 10.0  # deg: this upright with bent knees is perching on a stool
    sit_ankle_forward: float = 0.15  # m: a sitter's ankles are in front of the pelvis
    posture_min_time: float = 0.4  # s
    crouch_min_time: float = 0.6  # s
    fall_speed: float = 1.2  # m/s downward pelvis speed
    squat_max_time: float = 3.0  # s: a squat comes back up within this
    repeat_gap: float = 1.5  # s: repeated squats closer than this are counted together

    # ---- arms (wrist relative to its shoulder, body frame)
    raise_above_shoulder: float = -0.12  # m: wrist height over the shoulder for "raised"
    raise_min_time: float = 0.3  # s
    raise_rest_gap: float = 0.4  # s: dips shorter than this do not split a raise
    raise_travel_time: float = 1.0  # s: a raise while travelling (arm swings last 0.3-0.5 s)
    head_above_shoulder: float = 0.2  # m: "to head height"
    overhead_above_shoulder: float = 0.38  # m: "above the head"
    both_overlap: float = 0.5  # share of the shorter raise the two arms overlap
    wave_amplitude: float = 0.06  # m: side-to-side wrist stroke
    wave_min_strokes: int = 3  # Bandai raises: at most 2 strokes in 95 %
    wave_small_amplitude: float = 0.01  # m
    wave_small_strokes: int = 8  # with the rule above: 99.7 % of Bandai waves, 0.1 % of raises
    # sideways / vertical wrist path while raised: Bandai waves >= 0.81 (p1), raises
    # <= 0.96 (p90), CMU weight lifting 0.26-0.44
    wave_sideways: float = 0.75
    swing_amplitude: float = 0.35  # m: fore-aft wrist stroke of a swing
    swing_min_strokes: int = 3
    # Bandai punch takes extend at 1.5-2.0 m/s from a 44-56 deg elbow to 156-179 deg;
    # CMU boxing (13_17, 14_01) jabs at 1.8-2.3 m/s open the elbow from 18-45 deg
    # only to 97-131 deg.
    punch_speed: float = 1.2  # m/s: wrist moving away from the shoulder
    punch_bent: float = 100.0  # deg elbow angle in the 0.2 s before the peak
    punch_straight: float = 95.0  # deg elbow angle in the 0.2 s after it
    punch_open: float = 60.0  # deg the elbow opens by
    punch_reach: float = 0.15  # m: wrist in front of the shoulder once extended
    punch_gap: float = 0.25  # s between punches
    reach_extent: float = 0.88  # share of the arm length
    reach_min_time: float = 0.4  # s
    reach_still: float = 0.6  # m/s: wrist speed while reaching
    reach_down_height: float = 0.45  # m: wrist above the ground when reaching down
    reach_below_pelvis: float = 0.3  # m
    arm_length: float = 0.49  # m: canonical upper arm + forearm

    # ---- legs
    kick_speed: float = 2.5  # m/s ankle speed relative to the pelvis
    kick_height: float = 0.35  # m: ankle above the floor at the peak
    kick_forward: float = 0.3  # m: ankle in front of the pelvis
    kick_gap: float = 0.4  # s
    step_over_height: float = 0.35  # m: ankle lift of a step over something while walking

    # ---- trunk
    bend_angle: float = 20.0  # deg forward tilt held (Bandai walks <= 16 deg in 99 %, bows 23-64)
    deep_bend_angle: float = 45.0  # deg: a deep bend; under it "slightly"
    lean_angle: float = 15.0  # deg sideways or backward tilt
    trunk_min_time: float = 0.3  # s

    # ---- tempo (90th percentile of the fastest wrist or ankle speed relative
    # to the pelvis, outside locomotion). Bandai training takes, p10-p90:
    # elderly 0.54-0.73, feminine 0.67-1.04, normal 1.11-2.05, youthful
    # 1.98-2.74, active 2.73-3.52 m/s.
    idle_limb_speed: float = 0.3  # m/s: below it nothing moves enough to have a tempo
    slow_limb_speed: float = 0.75  # m/s: "slowly"
    quick_limb_speed: float = 2.6  # m/s: "quickly"


DEFAULT = Thresholds()
