"""Caption phrase tables as data: the writers' output is pinned, and every table file keeps its schema.

The schema half loads every file of ``backend/data/captions/tables/``, shows
that a broken file is refused with its file and key named, and checks what a
schema cannot say: labels that name banks, "-left" banks whose "-right" twin
is made by swapping sides, slots the templates know, verbs marked for
conjugation, word lists without repeats.

The golden half hashes what the caption writers say for every Bandai
content x style pair, every CMU description of the shared data (the inputs
are stored in ``fixtures/caption_golden.json``), every key of the CMU phrase
tables, the left/right swap of all of those and the augmentation variants of
a sample. One SHA-256 per group of outputs is stored, so a phrase edit shows
which group it touched. After an intended change to a table or a writer,
rewrite the hashes with::

    .venv/bin/python tests/test_caption_tables.py --update
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.data.captions import augment, bandai, cmu, swap_left_right  # noqa: E402
from backend.data.captions.phrasing import conjugate  # noqa: E402
from backend.data.captions.tables import FOLDER, TableError, load, read  # noqa: E402
from backend.data.captions.tables.schema import SCHEMAS  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "caption_golden.json"
BANDAI_SEEDS = (0, 1, 2)
CMU_SEEDS = (0, 1, 7)
CMU_CHUNK = 100
# A subject description that triggers each CMU hint whose fragments are tabled.
HINT_SUBJECTS = {
    "golf": "golf", "swim": "swimming", "skateboard": "skateboard", "walk_style": "walk styles",
    "karate": "martial arts", "breakdance": "breakdance", "baby": "baby",
}  # fmt: skip
SWAP_EDGE_CASES = (
    "Turn LEFT, then Right.", "walkLeft and turnRight", "left-handed lefty leftmost", "rt and lt",
    "leftward leftwards righthand", "spin clockwise, then counter-clockwise, then anticlockwise",
    "at a right angle, all right, right away", "counterclockwisely", "Left", "the bright light was left",
)  # fmt: skip


def _digest(outputs: list) -> str:
    return hashlib.sha256(json.dumps(outputs, ensure_ascii=False).encode("utf-8")).hexdigest()


def _stored() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _bandai_styles() -> list[str]:
    return list(bandai.STYLES) + ["normal"] + list(bandai.STYLE_ALIASES)


def _cmu_table_inputs() -> dict[str, list[tuple[str, str]]]:
    """(description, subject description) pairs that reach every key of the CMU phrase tables."""
    roles = [(f"{key} (2 subjects - subject {r})", "") for key in cmu.ROLES for r in "AB"]
    roles += [(cmu.swap_roles(key), "") for key in cmu.ROLES]
    hints = [(key, HINT_SUBJECTS[hint]) for hint, table in cmu.HINT_FRAGMENTS.items() for key in table]
    return {
        "descriptions": [(key, "") for key in cmu.DESCRIPTIONS],
        "fragments": [(key, "") for key in cmu.FRAGMENTS] + [(f"dance - {key}", "") for key in cmu.FRAGMENTS],
        "roles": roles,
        "manners": [(f"{key} walk", "") for key in cmu.MANNERS] + [(key, "walk styles") for key in cmu.MANNERS],
        "creatures": [(key, "") for key in cmu.ANIMALS] + [(key, "walk styles") for key in cmu.ANIMALS],
        "scenes": [(f"{scene} - jump, turn around", "") for scene in cmu.SCENES],
        "hints": hints + [("walk forward", s) for s in ("michael jackson", "baby", "skateboard", "female")],
    }


@cache
def outputs() -> dict[str, list]:
    """Every group of writer outputs, by group name."""
    groups: dict[str, list] = {}
    every_caption: list[str] = []
    for content in bandai.CONTENTS:
        rows = [bandai.bandai_captions(content, style, n=8, seed=seed) for style in _bandai_styles() for seed in BANDAI_SEEDS]
        groups[f"bandai/{content}"] = rows
        every_caption += [c for row in rows for c in row]
    pairs = [tuple(p) for p in _stored()["cmu_pairs"]]
    for start in range(0, len(pairs), CMU_CHUNK):
        chunk = pairs[start : start + CMU_CHUNK]
        rows = [cmu.cmu_captions(d, s, n=5, seed=seed) for d, s in chunk for seed in CMU_SEEDS]
        groups[f"cmu/real/{start // CMU_CHUNK:02d}"] = rows
        every_caption += [c for row in rows for c in row]
    for name, inputs in _cmu_table_inputs().items():
        rows = [cmu.cmu_captions(d, s, n=5, seed=seed) for d, s in inputs for seed in (0, 3)]
        groups[f"cmu/tables/{name}"] = rows
        every_caption += [c for row in rows for c in row]
    groups["swap/captions"] = [swap_left_right(c) for c in every_caption]
    groups["swap/edge-cases"] = [swap_left_right(c) for c in SWAP_EDGE_CASES]
    bandai_sample = [bandai.bandai_captions(c, s, n=8, seed=1) for c in bandai.CONTENTS for s in _bandai_styles()]
    groups["augment/bandai"] = [augment.variants(caps, 6, seed) for caps in bandai_sample for seed in (0, 5)]
    cmu_sample = [cmu.cmu_captions(d, s, n=6, seed=2) for d, s in pairs[::3]]
    groups["augment/cmu"] = [augment.variants(caps, 6, seed) for caps in cmu_sample for seed in (0, 5)]
    rng = random.Random(11)
    groups["augment/rewrites"] = [augment.rewrites(c, rng) for c in every_caption[::7]]
    verbs = sorted(augment.VERBS | cmu.VERBS)
    groups["phrasing/verbs"] = [[conjugate(v, "3s"), conjugate(v, "ing")] for v in verbs]
    return groups


def test_golden_groups_are_all_present():
    stored = _stored()["sha256"]
    assert sorted(stored) == sorted(outputs()), "a group of caption outputs appeared or vanished"


@pytest.mark.parametrize("group", sorted(_stored()["sha256"]))
def test_captions_are_byte_identical_to_the_golden_file(group):
    assert _digest(outputs()[group]) == _stored()["sha256"][group], (
        f"caption outputs of {group} changed; if intended, run tests/test_caption_tables.py --update"
    )


# ---------------------------------------------------------------- schema

PRONOUNS = {"{their}", "{they}", "{them}", "{themselves}"}
BANDAI_SLOTS = {"{S}", "{XS}", "{AS}", "{V}", "{G}", "{they}", "{seem}", "{looks}", "{adj}", "{adv}", "{look}",
                "{as_if}", "{Front}"}  # fmt: skip


def _slots(text: str) -> set[str]:
    return set(re.findall(r"\{[^}]*\}", text))


def _strings(value, where: str = ""):
    """Yield (key path, string) for every string in a loaded table."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else key)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value


def _word_lists(value, where: str = ""):
    """Yield (key path, array) for every array of strings in a loaded table."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _word_lists(item, f"{where}.{key}" if where else key)
    elif isinstance(value, tuple):
        if all(isinstance(item, str) for item in value):
            yield where, value
        for i, item in enumerate(value):
            yield from _word_lists(item, f"{where}[{i}]")


def _alternatives(spec: str) -> list[str]:
    return [form.strip() for act in spec.split(" >> ") for form in act.split(" | ")]


def test_every_table_file_has_a_schema_and_loads():
    files = {p.stem for p in FOLDER.glob("*.toml")}
    assert files == set(SCHEMAS), "a table file without a schema, or a schema without a file"
    for name in SCHEMAS:
        assert load(name), name


def test_load_returns_a_fresh_copy():
    first = load("cmu")
    first["fragments"]["climb"] = "changed"
    assert load("cmu")["fragments"]["climb"] != "changed"


BROKEN = [  # (file, text, replaced by, the error it must raise)
    ("bandai", 'walk = [\n  "{go} forward",', "walk = [\n  3,", r"bandai\.toml: contents\.walk\[0\]: expected a non-empty string, got 3"),
    ("bandai", "[styles.sad]\nadj", "[styles.sad]\nadjective", r"bandai\.toml: styles\.sad: missing key\(s\) adj$"),
    ("bandai", 'like = "old"', 'like = "old"\ncolour = ["grey"]', r"bandai\.toml: style_variants\.elderly: unknown key\(s\) colour"),
    ("bandai", "weight = 6", "weight = 0", r"bandai\.toml: templates\.styled\[0\]\.weight: expected a positive integer"),
    ("cmu", 'basketball = ["ball"]', "basketball = []", r"cmu\.toml: scene_skip\.basketball: expected a non-empty array, got \[\]"),
    ("cmu", 'golf = "golf"', 'golf = "(golf"', r"cmu\.toml: hint_patterns\.golf: expected a regular expression"),
    ("sides", "pairs = [", 'pairs = [["up"], ', r"sides\.toml: pairs\[0\]: expected an array of 2 items"),
    ("phrasing", 'gender = "male"', 'gender = "he"', r"phrasing\.toml: subjects\[3\]\.gender: expected one of"),
    ("augment", "[subjects]", "[subject]", r"augment\.toml: \(top level\): missing key\(s\) subjects"),
    ("augment", "verbs = [", "verbs = [[", r"augment\.toml: not valid TOML"),
]  # fmt: skip


@pytest.mark.parametrize("name,old,new,message", BROKEN)
def test_a_broken_table_is_refused_naming_its_file_and_key(tmp_path, name, old, new, message):
    text = (FOLDER / f"{name}.toml").read_text(encoding="utf-8")
    assert old in text, "the mutation no longer applies; pick another line"
    broken = tmp_path / f"{name}.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TableError, match=message):
        read(broken, SCHEMAS[name])


def test_no_word_list_repeats_a_word():
    for name in SCHEMAS:
        for where, words in _word_lists(load(name)):
            repeated = sorted({w for w in words if words.count(w) > 1})
            assert not repeated, f"{name}.toml: {where} repeats {repeated}"


def test_bandai_labels_name_banks():
    tables = load("bandai")
    labels = tables["labels"]
    contents = set(bandai.CONTENTS)
    assert set(labels["set_1_contents"]) | set(labels["set_2_contents"]) <= contents
    styles = set(tables["styles"]) | set(tables["style_variants"]) | {"normal"}
    assert set(labels["set_1_styles"]) | set(labels["set_2_styles"]) <= styles
    assert set(tables["walking"]) | set(tables["running"]) <= contents
    assert {v["like"] for v in tables["style_variants"].values()} <= set(tables["styles"]), "a variant is like no style"
    assert set(tables["style_aliases"].values()) <= styles
    assert not set(tables["style_variants"]) & set(tables["styles"])


def test_every_left_bank_has_a_right_twin_made_by_swapping_sides():
    tables = load("bandai")
    labels = set(tables["labels"]["set_1_contents"]) | set(tables["labels"]["set_2_contents"])
    assert not [c for c in tables["contents"] if "left" in c or "right" in c], "sided banks belong in [left_contents]"
    for name, bank in tables["left_contents"].items():
        twin = name.replace("left", "right")
        assert "left" in name and twin in labels, name
        for phrase in bank:
            mirrored = swap_left_right(phrase)
            assert "left" in phrase and mirrored != phrase and swap_left_right(mirrored) == phrase, phrase
        assert bandai.CONTENTS[twin] == tuple(swap_left_right(p) for p in bank)


def test_cmu_hand_written_twins_agree_with_the_swapped_entries():
    tables = load("cmu")
    sections = {"descriptions": tables["descriptions"], "fragments": tables["fragments"]}
    sections |= {f"hint_fragments.{h}": t for h, t in tables["hint_fragments"].items()}
    for section, table in sections.items():
        for key, value in table.items():
            twin = swap_left_right(key)
            if twin != key and twin in table:
                assert table[twin] == swap_left_right(value), f"cmu.toml: {section}: {key!r} and {twin!r} disagree"
    for key, pair in tables["roles"].items():
        twin = swap_left_right(key)
        if twin != key and twin in tables["roles"]:
            assert tables["roles"][twin] == {k: swap_left_right(v) for k, v in pair.items()}, key


def test_bandai_phrases_use_known_slots_and_mark_their_verbs():
    tables = load("bandai")
    for name, bank in (tables["contents"] | tables["left_contents"]).items():
        walking = name in tables["walking"]
        for phrase in bank:
            allowed = PRONOUNS | ({"{go}", "{going}"} if walking else set())
            assert _slots(phrase) <= allowed, (name, phrase)
            assert "~" in phrase or "{go}" in phrase, f"no verb marked in {phrase!r}"
    for name, bank in (tables["styles"] | tables["style_variants"]).items():
        for where, text in _strings({k: v for k, v in bank.items() if k != "like"}):
            assert _slots(text) <= PRONOUNS, (name, where, text)
        assert all(verb.startswith("~") for verb in bank.get("go", ())), name
    for kind, templates in tables["templates"].items():
        for entry in templates:
            assert _slots(entry["template"]) <= BANDAI_SLOTS, (kind, entry)
            assert "{V}" in entry["template"] or "{G}" in entry["template"], entry


def test_cmu_phrases_use_known_slots_and_mark_their_verbs():
    tables = load("cmu")
    specs = [("descriptions", k, v) for k, v in tables["descriptions"].items()]
    specs += [("fragments", k, v) for k, v in tables["fragments"].items()]
    specs += [(f"hint_fragments.{h}", k, v) for h, t in tables["hint_fragments"].items() for k, v in t.items()]
    specs += [("roles", k, pair[side]) for k, pair in tables["roles"].items() for side in "ab"]
    for section, key, spec in specs:
        allowed = PRONOUNS | ({"{o}"} if section == "roles" else set())
        for form in _alternatives(spec):
            assert form and "~" in form, f"cmu.toml: {section}.{key}: no verb marked in {form!r}"
            assert _slots(form) <= allowed, f"cmu.toml: {section}.{key}: unknown slot in {form!r}"
    for section in ("manners", "emotions", "hint_manners", "hint_scenes", "scenes"):
        for where, text in _strings(tables[section]):
            assert _slots(text) <= PRONOUNS, (section, where, text)
    assert _slots(tables["creature_forms"]) == {"{a}"}


def test_cmu_patterns_cover_one_two_and_more_actions():
    patterns = load("cmu")["patterns"]
    assert list(patterns) == ["1", "2", "3"]
    for n, entries in patterns.items():
        for entry in entries:
            used = _slots(entry["template"])
            numbered = {int(m) for m in re.findall(r"\{[vgb](\d+)\}", entry["template"])}
            assert "{S}" in used and numbered <= set(range(1, int(n) + 1)), entry
            assert used <= {"{S}", "{P}", "{list}", "{middle}", "{vlast}"} | {f"{{{c}{i}}}" for c in "vgb" for i in numbered}


def test_cmu_hints_and_scenes_name_each_other():
    tables = load("cmu")
    hints = set(tables["hint_patterns"])
    for section in ("hint_fragments", "hint_manners", "hint_scenes"):
        assert set(tables[section]) <= hints, section
    assert set(tables["scene_skip"]) <= set(tables["scenes"])


def test_side_words_and_synonyms():
    sides = load("sides")
    words = [w for pair in sides["pairs"] for w in pair]
    assert len(words) == len(set(words)) and all(w == w.lower() for w in words)
    assert set(sides["one_way"].values()) <= set(words) and not set(sides["one_way"]) & set(words)
    groups = load("augment")["synonyms"]
    members = [w for group in groups for w in group]
    assert all(len(group) >= 2 for group in groups) and len(members) == len(set(members))
    assert not [w for w in members if swap_left_right(w) != w], "a synonym group must not carry a side"
    subjects = load("augment")["subjects"]
    assert not set(subjects["neutral"]) & set(subjects["male"]) and not set(subjects["male"]) & set(subjects["female"])


def _update() -> None:
    stored = _stored()
    stored["sha256"] = {name: _digest(rows) for name, rows in sorted(outputs().items())}
    _write(stored)


def _write(data: dict) -> None:
    pairs = ",\n".join("  " + json.dumps(list(p), ensure_ascii=False) for p in data["cmu_pairs"])
    hashes = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in data["sha256"].items())
    GOLDEN.write_text(
        "{\n"
        f'"note": {json.dumps(data["note"])},\n'
        f'"sha256": {{\n{hashes}\n}},\n'
        f'"cmu_pairs": [\n{pairs}\n]\n'
        "}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: tests/test_caption_tables.py --update")
    _update()
    print(f"wrote {GOLDEN}")
