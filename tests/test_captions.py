"""Tests for backend.data.captions: Bandai and CMU captions, left/right swapping."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.data.captions import bandai_captions, cmu_captions, swap_left_right, template_counts  # noqa: E402
from backend.data.captions.bandai import SET_1_CONTENTS, SET_1_STYLES, SET_2_CONTENTS, SET_2_STYLES  # noqa: E402

TAKES = Path("/tmp/data/cmu-mocap/takes.csv")

BANDAI_PAIRS = sorted(
    {(c, s) for c in SET_1_CONTENTS for s in SET_1_STYLES} | {(c, s) for c in SET_2_CONTENTS for s in SET_2_STYLES}
)

# Word stems that show each style; written here, independent of the banks.
STYLE_STEMS = {
    "happy": r"happ|cheer|joy|merr|delight|good mood|high spirits|good news|spring in",
    "sad": r"\bsad|unhapp|gloom|sorrow|downcast|deject|heavy heart|slumped|trudg|shuffl|hanging low",
    "angry": r"angr|anger|furious|irritat|annoy|\bmad\b|fuming|stomp|storm",
    "proud": r"proud|pride|haught|self-|chest|chin up|head held high|strut|showing off",
    "not-confident": r"timid|hesita|unsure|insecure|nervous|\bshy|confiden|afraid|creep|shuffl",
    "masculinity": r"mascul|manly|macho|tough|strength",
    "masculine": r"mascul|manly|macho|tough|strength",
    "feminine": r"femin|ladylike|lady|daint|grace",
    "childish": r"child|kid|playful",
    "old": r"\bold\b|elderly|aged|frail|age\b|hobbl|shuffl|unsteady|careful steps",
    "elderly": r"\bold\b|elderly|aged|frail|age\b|hobbl|shuffl|unsteady|careful steps",
    "tired": r"tired|exhaust|weary|wearily|worn|fatigu|sluggish|trudg|plod|dragging|drained|keep going",
    "exhausted": r"tired|exhaust|weary|wearily|worn|fatigu|sluggish|trudg|plod|dragging|drained|keep going",
    "active": r"energ|lively|active|vigor|pepp|brisk|strid",
    "musical": r"musical|theatr|showy|dramatic|broadway|stage|rhythm|dance-like|perform",
    "giant": r"giant|huge|hulking|lumber|heavy|ponderous|stomp",
    "chimpira": r"swagger|thug|cock|delinquent|punk|hoodlum|tough|strut",
    "youthful": r"youth|young|sprightly|spry|springy|teenager",
}
LEFT_CONTENTS = {c for c, _ in BANDAI_PAIRS if "left" in c}
RIGHT_CONTENTS = {c for c, _ in BANDAI_PAIRS if "right" in c}


def _has(word: str, text: str) -> bool:
    return re.search(rf"\b{word}", text.lower()) is not None


# ---------------------------------------------------------------- Bandai


@pytest.mark.parametrize("content,style", BANDAI_PAIRS)
def test_bandai_every_label_pair_gives_distinct_clean_sentences(content, style):
    captions = bandai_captions(content, style, n=8, seed=0)
    assert len(captions) == 8
    assert len(set(captions)) == 8
    for caption in captions:
        assert caption.strip() and caption.endswith(".")
        assert "{" not in caption and "~" not in caption and "  " not in caption
        if content in LEFT_CONTENTS:
            assert _has("left", caption) and not _has("right", caption), caption
        if content in RIGHT_CONTENTS:
            assert _has("right", caption) and not _has("left", caption), caption


def test_bandai_is_deterministic_and_varies_with_the_seed():
    assert bandai_captions("walk", "tired", seed=3) == bandai_captions("walk", "tired", seed=3)
    assert bandai_captions("walk", "tired", seed=3) != bandai_captions("walk", "tired", seed=4)
    lists = {tuple(bandai_captions("bow", "happy", n=4, seed=s)) for s in range(6)}
    assert len(lists) == 6


@pytest.mark.parametrize("style", sorted(STYLE_STEMS))
def test_bandai_style_shows_in_most_captions(style):
    contents = SET_1_CONTENTS if style in SET_1_STYLES else SET_2_CONTENTS
    captions = [c for content in contents for c in bandai_captions(content, style, n=8, seed=1)]
    shown = [c for c in captions if re.search(STYLE_STEMS[style], c.lower())]
    assert len(shown) >= 0.9 * len(captions), [c for c in captions if c not in shown][:10]


def test_bandai_normal_style_is_often_left_out():
    captions = [c for content in SET_2_CONTENTS for c in bandai_captions(content, "normal", n=8)]
    plain = [c for c in captions if not re.search(r"normal|ordinary|natural|neutral|everyday|pace", c)]
    assert len(plain) >= 0.4 * len(captions)


def test_bandai_side_contents_name_the_right_limb_or_turn():
    assert all("left hand" in c or "left arm" in c for c in bandai_captions("wave-left-hand", "normal", n=8))
    turns = bandai_captions("walk-turn-right", "youthful", n=8)
    assert all("right" in c and re.search(r"turn|corner", c) for c in turns)
    assert all("both" in c for c in bandai_captions("byebye", "normal", n=8))


def test_bandai_unknown_labels_raise_naming_them():
    with pytest.raises(ValueError, match="moonwalk"):
        bandai_captions("moonwalk", "normal")
    with pytest.raises(ValueError, match="sleepy"):
        bandai_captions("walk", "sleepy")


def test_bandai_n_is_respected():
    assert len(bandai_captions("run", "angry", n=1)) == 1
    assert len(bandai_captions("run", "angry", n=20)) == 20


# ---------------------------------------------------------------- sides

SIDE_CASES = [
    ("A person waves the LEFT hand, then the Right one.", "A person waves the RIGHT hand, then the Left one."),
    ("turns left; steps right, left-handed!", "turns right; steps left, right-handed!"),
    ("Lt foot forward, RT arm up (left)", "Rt foot forward, LT arm up (right)"),
    ("moves leftward, then rightwards", "moves rightward, then leftwards"),
    ("spins clockwise, then counterclockwise.", "spins counterclockwise, then clockwise."),
    ("the lefthand side, the rightmost step", "the righthand side, the leftmost step"),
    ("walkLeft then TurnRight", "walkRight then TurnLeft"),
]


@pytest.mark.parametrize("text,swapped", SIDE_CASES)
def test_swap_left_right_swaps_and_round_trips(text, swapped):
    assert swap_left_right(text) == swapped
    assert swap_left_right(swapped) == text


def test_swap_left_right_leaves_other_words_alone():
    text = "an upright, bright person left over at a right angle, all right, right away."
    assert swap_left_right(text).replace("right over", "left over") == text
    assert "upright" in swap_left_right(text) and "bright" in swap_left_right(text)
    assert swap_left_right("anticlockwise") == "clockwise"
    assert swap_left_right("counter-clockwise") == "clockwise"


def test_swap_left_right_twice_is_identity_on_captions():
    texts = bandai_captions("walk-turn-left", "happy", n=8) + cmu_captions("walk, veer right", n=5)
    for text in texts:
        assert swap_left_right(swap_left_right(text)) == text


# ---------------------------------------------------------------- CMU

# (description, subject description, words every caption has, words none has)
CMU_CASES = [
    ("playground - forward jumps, turn around", "", ["playground", "jump", "turn"], [" - "]),
    ("walk, veer left", "", ["walk", "left"], ["right"]),
    ("Jump, stop, jump", "", ["jump", "stop", "again"], []),
    ("dance - expressive arms, pirouette", "modern dance", ["arm", "pirouette"], []),
    ("boxing", "", [r"box|punch"], []),
    ("Subject #1: walk with anger, frustration", "", [r"walk|storm", r"anger|angr"], ["subject", "#"]),
    ("Subject #3: walk, veer left (version 2)", "", ["walk", "left"], ["subject", "version", r"\d"]),
    ("w/ ball, fwd jumps & turn lt", "", ["ball", "forward", "jump", "left"], ["w/", "&", "fwd", r"\blt\b"]),
    ("walk/hobble", "different walking styles", [r"walk|hobbl"], ["/"]),
    ("run/jog, 90-degree right turn", "run, jump, walk", [r"\brun|jog", "right", "90"], ["left", "/"]),
    ("LeftTightTurn         CleanedGRS", "walking", ["left", "turn"], ["right", "clean", "grs"]),
    ("FeintLeftMoveRight            CleanedGRS", "walking", [r"left.*right"], ["clean"]),
    ("RightDrive (left then right)    Cleaned GRS", "walking", [r"driv", "right"], ["clean", r"\("]),
    ("hop turn left 270 degrees in air", "steps", ["hop", "270", "left"], ["right"]),
    ("carry 12.5lb suitcase", "suitcase", ["suitcase", "12.5"], [r"\blb"]),
    ("12.5 lbs", "Carry Suitcase with Varying Weights", ["suitcase", r"12\.5.pound"], ["lbs"]),
    ("bck flp twst fall", "cartwheels; acrobatics; dances", ["backflip", "twist", "fall"], ["bck", "flp", "twst"]),
    ("bkwd summersult", "cartwheels; acrobatics; dances", ["backward", "somersault"], ["bkwd", "summersult"]),
    ("fwd ball walk", "cartwheels; acrobatics; dances", ["forward", "ball"], ["fwd"]),
    ("Cartwheels001", "punching female", ["cartwheel"], [r"\d", r"\bman\b"]),
    ("AttitudeWalk8", "motion", ["walk", "figure eight", "attitude"], ["8"]),
    ("A pulls B by the elbow; B resists (2 subjects - subject A)", "", [r"pull|tug", "elbow"], ["subject", r"\bb\b"]),
    ("A pulls B by the elbow; B resists (2 subjects - subject B)", "", ["resist"], ["subject", r"\bb\b"]),
    ("walk; B catches keys thrown by A (2 subjects - subject B)", "", ["walk", "catch", "keys"], ["subject"]),
    ("walk; B catches keys thrown by A (2 subjects - subject A)", "", ["walk", "throw", "keys"], ["catch"]),
    ("Swing", "golf", ["golf"], []),
    ("Free Style", "Swimming", ["freestyle"], []),
    ("Unknown", "indian dance", ["indian dance"], ["unknown"]),
    ("movie and trial dont match", "actor everyday activities", ["everyday"], ["movie"]),
    ("Motorcycle", "Skateboard Motions", ["motorcycle"], ["skateboard"]),
    ("Go Forward", "Skateboard Motions", ["skateboard", "forward"], []),
    ("Sad", "Stylized Walks", ["walk", r"sad|deject"], []),
    ("sad", "actor everyday activities", [r"sad"], ["walk"]),
    ("bear (human subject)", "animal behaviors (pantomime - human subject)", ["bear"], ["human subject", r"\("]),
    ("Mickey sneaky walk", "Various Style Walks", ["mickey", "walk", r"sneak|stealth"], []),
    ("Painfulleftknee", "Stylized Walks", ["left knee", "walk"], ["right"]),
    ("walk forward turn 90 degrees left walk forward", "steps", ["left", "90", "walk"], ["right"]),
    ("limping, hurt right leg", "careful actions", ["right leg", "limp"], ["left"]),
    ("Start Walk Left", "Michael Jackson Styled Motions", ["left", "michael jackson"], ["right"]),
    ('nursery rhyme - "I\'m a little teapot..."', "nursery rhymes", ["teapot"], ['"', r"\.\.\."]),
    ("Stop ang Go", "Skateboard Motions", ["stop", "again"], [r"\bang\b"]),
    ("sipping martinee", "actor everyday activities", ["martini"], ["martinee"]),
    ("Range of motion", "Pregnant Woman", ["range of motion"], [r"\bman\b", r"\bhis\b"]),
    ("Tpose", "Varying Weird Walks", ["t-pose"], []),
    (
        "vignettes - walk, drink water, run/jog, jump, wipe window, lift open window, throw punches, yawn, stretch",
        "",
        ["walk", "drink", "window", "punch", "yawn", "stretch"],
        ["vignette", "/"],
    ),
]


@pytest.mark.parametrize("description,subject,required,forbidden", CMU_CASES)
def test_cmu_reads_real_descriptions(description, subject, required, forbidden):
    captions = cmu_captions(description, subject, n=5, seed=0)
    assert len(captions) >= 3
    for caption in captions:
        text = caption.lower()
        for word in required:
            assert re.search(word, text), (word, caption)
        for word in forbidden:
            assert not re.search(word, text), (word, caption)


def test_cmu_keeps_the_order_of_actions():
    for caption in cmu_captions("walk forward, turn around, walk back", n=5):
        assert caption.index("forward") < caption.index("turn") < caption.rindex("back")


def test_cmu_falls_back_to_the_subject_description():
    assert cmu_captions("", "climb, swing, hang on playground equipment")
    assert all("walk" in c for c in cmu_captions("", "walk on uneven terrain"))
    assert cmu_captions("", "") == []
    assert cmu_captions("Unknown", "") == []


def test_cmu_is_deterministic_and_varies_with_the_seed():
    assert cmu_captions("walk, veer left", seed=2) == cmu_captions("walk, veer left", seed=2)
    lists = {tuple(cmu_captions("walk, veer left", n=3, seed=s)) for s in range(5)}
    assert len(lists) >= 4


def test_cmu_mirrored_captions_swap_the_side():
    for caption in cmu_captions("walk, veer left", n=5):
        mirrored = swap_left_right(caption)
        assert _has("right", mirrored) and not _has("left", mirrored)


BAD_FRAGMENTS = [
    r"\bsubject\b", "#", "w/", "&", "_", "~", r"[{}\[\]()]", r"\bamc\b", r"clean(ed)? ?grs", r"\blbs?\b",
    r"\b(fwd|bkwd|bwk|bck|flp|twst|lt|rt)\b", r"\bunknown\b", r"\bb\b|\ba(?=[,.;])",
    r"  ", r" ,", r",,", r"\.\.", r",\.", r"\band( then)?\.$", r"\bthen\.$", r"\b(\w+) \1\b",
]  # fmt: skip


@pytest.mark.skipif(not TAKES.exists(), reason="CMU takes.csv is not unpacked")
def test_cmu_every_real_description_gives_clean_sentences():
    with TAKES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    pairs = sorted({(r["description"], r["subject_description"]) for r in rows})
    problems = []
    for description, subject in pairs:
        captions = cmu_captions(description, subject, n=5, seed=0)
        if not description.strip() and not subject.strip():
            assert captions == []
            continue
        if len(set(captions)) < 3:
            problems.append((description, "fewer than 3", captions))
        for caption in captions:
            if not re.match(r"^[A-Za-z]", caption) or not re.search(r"[A-Za-z]\.$", caption):
                problems.append((description, "start/end", caption))
            bad = [p for p in BAD_FRAGMENTS if re.search(p, caption if p == "#" else caption.lower())]
            if bad:
                problems.append((description, bad, caption))
    assert not problems, problems[:20]


# ---------------------------------------------------------------- counts


def test_template_counts_cover_every_label():
    counts = template_counts()
    contents = counts["bandai"]["contents"]
    styles = counts["bandai"]["styles"]
    assert set(SET_1_CONTENTS) | set(SET_2_CONTENTS) <= set(contents)
    assert set(SET_1_STYLES) | set(SET_2_STYLES) <= set(styles)
    assert min(contents.values()) >= 6 and min(v for k, v in styles.items() if k != "normal") >= 12
    assert counts["cmu"]["descriptions"] > 300 and counts["cmu"]["sentence_patterns"] >= 10



def test_style_families_are_the_variants_worded_like_another_style():
    """The two Bandai sets' names for one style ("masculine"/"masculinity",
    "elderly"/"old", "exhausted"/"tired") share their caption banks, so the
    prompt bench scores style also by family."""
    from backend.data.captions.bandai import STYLE_FAMILIES, STYLES, style_family

    assert STYLE_FAMILIES == {"masculine": "masculinity", "elderly": "old", "exhausted": "tired"}
    assert style_family("happy") == "happy" and style_family("elderly") == "old" and style_family("old") == "old"
    shared = {variant: [key for key in STYLES[base] if STYLES[variant][key] == STYLES[base][key]] for variant, base in STYLE_FAMILIES.items()}
    assert shared["masculine"] == list(STYLES["masculinity"]) and shared["elderly"] == list(STYLES["old"])
    assert "adj" not in shared["exhausted"] and "look" in shared["exhausted"], "exhausted has its own adjectives, tired's other banks"
