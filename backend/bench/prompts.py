"""``python -m backend bench prompts``: prompts in the artist's own words.

The set (``data/paraphrases.json``) was written by hand, apart from the
caption code, and is never used for training or tuning. Every prompt runs
through the product's path (``studio.motion.generate``: the text encoder, the
model cache, the pack's defaults) and the label recogniser scores what came
out. Single prompts are made at the length the generator picks for them (the
add-on's default, *Auto*; ``length="fixed"``: 6 s, as before 2026-12-06
evening); composites at 6 s, with their base prompt at the same 6 s:

* single prompts: content and style (where the prompt asks for one), and for
  labels with a side whether the recognised label has the same side; next to
  them, how often the recogniser gets real test takes of the same labels
  right (the ceiling, from the test and validation takes; labels with none
  there take the accuracy over all of them: ``vs real`` = generated / real);
  style also by family (``style_family``: the two Bandai sets name three
  styles twice -- "masculine" and "masculinity", "elderly" and "old",
  "exhausted" and "tired" -- worded alike by the caption tables, so no
  prompt can say which set's label it means; both columns are reported);
* composite prompts ("walks forward and waves the right hand"): the root's
  travel against the same prompt without the second action (the locomotion
  must survive: ratio >= 0.7), and whether any 3 s window of the clip is
  recognised as the second action -- by the label recogniser (the whole
  body), and, for an upper-body action, also by the arm recogniser
  (``eval.arms``: the arms alone, in the chest's frame), since the whole-body
  recogniser does not see a wave done while walking even in real motion
  (``real_composites``: real takes' arms laid over real walks).

Also reported: the set's word n-gram overlap with the training captions.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

import numpy as np

from ..data.captions.bandai import style_family
# composites: the second action is looked for in the 3 s windows the arm recogniser reads
from ..eval.arms import WINDOW, shows  # noqa: F401  (WINDOW: the window's frames)
from ..eval.arms import windows as _windows

PROMPTS_FILE = Path(__file__).resolve().parent / "data" / "paraphrases.json"
FRAMES = 120  # 6 s at 20 fps
TRAVEL_RATIO = 0.7


def load_prompts() -> tuple[list[list], list[list]]:
    data = json.loads(PROMPTS_FILE.read_text())
    return data["single"], data["composite"]


def side(label: str | None) -> str | None:
    if not label:
        return None
    return "left" if "left" in label else "right" if "right" in label else None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def ngram_overlap(texts: list[str], captions: list[str], n: int) -> float:
    """Share of the texts' word n-grams that occur anywhere in ``captions``."""
    seen = set()
    for caption in captions:
        w = _words(caption)
        seen.update(tuple(w[i:i + n]) for i in range(len(w) - n + 1))
    grams = [tuple(w[i:i + n]) for t in texts for w in [_words(t)] for i in range(len(w) - n + 1)]
    return float(np.mean([g in seen for g in grams])) if grams else 0.0


def travel(positions: np.ndarray) -> float:
    """Horizontal distance (m) from the first frame's root to the last's."""
    return float(np.linalg.norm(positions[-1, 0, [0, 2]] - positions[0, 0, [0, 2]]))


def _features(positions: np.ndarray) -> np.ndarray:
    from ..generators.editing import source_features

    return source_features(positions.astype(np.float64)).astype(np.float32)


def set_report(single: list[list], composite: list[list], train_captions: list[str]) -> dict:
    texts = [p[0] for p in single] + [p[0] for p in composite]
    captions = set(c.lower().strip(" .") for c in train_captions)
    return {"prompts": len(texts), "single": len(single), "composite": len(composite),
            "contents": len({p[1] for p in single}), "styles": len({p[2] for p in single if p[2]}),
            "with_side": sum(side(p[1]) is not None for p in single),
            "verbatim_in_training_captions": sum(t.lower().strip(" .") in captions for t in texts),
            **{f"{n}gram_overlap": ngram_overlap(texts, train_captions, n) for n in (2, 3, 4)}}


def _arms_show(arms, positions: np.ndarray, label: str) -> bool:
    return arms is not None and label in arms.config.labels and shows(arms, positions, label)


def score_generator(name: str, clips: dict[str, np.ndarray], single: list[list], composite: list[list], scorer, real: dict,
                    single_clips: dict[str, np.ndarray] | None = None, arms=None) -> dict:
    """Recogniser scores of one generator's clips (``clips``: prompt ->
    positions at 6 s; ``single_clips``: the single prompts' clips when they
    were made at another length; ``arms``: the arm recogniser, or None)."""
    contents, styles = scorer.recogniser.config.contents, scorer.recogniser.config.styles
    singles = single_clips if single_clips is not None else clips
    c_pred, s_pred = scorer.labels([_features(singles[p[0]]) for p in single])
    content_hit = np.array([contents[c] == p[1] for c, p in zip(c_pred, single)])
    styled = [k for k, p in enumerate(single) if p[2]]
    style_hit = np.array([styles[s_pred[k]] == single[k][2] for k in styled])
    sided = [k for k, p in enumerate(single) if side(p[1])]
    side_hit = np.array([side(contents[c_pred[k]]) == side(single[k][1]) for k in sided])
    real_content = float(np.mean([real["content"][p[1]] for p in single]))
    real_style = float(np.mean([real["style"][single[k][2]] for k in styled]))
    family_hit = np.array([style_family(styles[s_pred[k]]) == style_family(single[k][2]) for k in styled])
    real_family = float(np.mean([real["style_family"][single[k][2]] for k in styled]))
    ratios, seconds, by_arms = [], [], []
    for text, base, _, second in composite:
        ratios.append(travel(clips[text]) / max(travel(clips[base]), 1e-3))
        window_labels = scorer.labels(_windows(_features(clips[text])))[0]
        seconds.append(any(contents[c] == second for c in window_labels))
        by_arms.append(seconds[-1] or _arms_show(arms, clips[text], second))
    ratios, seconds, by_arms = np.array(ratios), np.array(seconds), np.array(by_arms)
    row = {
        "content_acc": float(content_hit.mean()), "style_acc": float(style_hit.mean()), "side_acc": float(side_hit.mean()),
        "content_vs_real": float(content_hit.mean()) / real_content, "style_vs_real": float(style_hit.mean()) / real_style,
        "style_family_acc": float(family_hit.mean()), "style_family_vs_real": float(family_hit.mean()) / real_family,
        "composite_travel_ratio_median": float(np.median(ratios)), "composite_travels": float((ratios >= TRAVEL_RATIO).mean()),
        "composite_second_recognised": float(seconds.mean()),
        **({"composite_second_recognised_arms": float(by_arms.mean())} if arms is not None else {}),
        "misses": {
            "content": [f"{p[0]} -> {contents[c]}" for c, p, h in zip(c_pred, single, content_hit) if not h],
            "style": [f"{single[k][0]} -> {styles[s_pred[k]]}" for k, h in zip(styled, style_hit) if not h],
            "composite_locomotion": [f"{c[0]} ({r:.2f})" for c, r in zip(composite, ratios) if r < TRAVEL_RATIO],
            "composite_second": [c[0] for c, s in zip(composite, seconds) if not s],
            **({"composite_second_arms": [c[0] for c, s in zip(composite, by_arms) if not s]} if arms is not None else {}),
        },
    }
    return row


def real_ceiling(scorer, splits) -> dict:
    """How often the recogniser names the content and style of real takes
    of the held-out splits (test, then validation for labels the test split
    lacks), per label: the ceiling for generated motion of those labels."""
    from ..eval.train import content_label

    rec = scorer.recogniser.config
    items = [i for split in splits for i in split.items if i.source == "bandai" and content_label(i) in rec.contents]
    c_pred, s_pred = scorer.labels([i.features for i in items])
    content_true = [content_label(i) for i in items]
    style_true = [i.labels["style"] for i in items]
    content = {label: float(np.mean([rec.contents[c] == label for c, t in zip(c_pred, content_true) if t == label])) for label in set(content_true)}
    style = {label: float(np.mean([rec.styles[s] == label for s, t in zip(s_pred, style_true) if t == label])) for label in set(style_true)}
    family = {label: float(np.mean([style_family(rec.styles[s]) == style_family(label) for s, t in zip(s_pred, style_true) if t == label]))
              for label in set(style_true)}
    # Labels with no held-out take (all of them in training): the accuracy over every held-out take.
    all_content = float(np.mean([rec.contents[c] == t for c, t in zip(c_pred, content_true)]))
    all_style = float(np.mean([rec.styles[s] == t for s, t in zip(s_pred, style_true)]))
    all_family = float(np.mean([style_family(rec.styles[s]) == style_family(t) for s, t in zip(s_pred, style_true)]))
    missing = sorted(set(rec.contents) - set(content)) + sorted(set(rec.styles) - set(style))
    content.update({label: all_content for label in rec.contents if label not in content})
    style.update({label: all_style for label in rec.styles if label not in style})
    family.update({label: all_family for label in rec.styles if label not in family})
    return {"takes": len(items), "content": content, "style": style, "style_family": family, "labels_without_held_out_takes": missing}


def real_composites(scorer, arms, splits, *, takes_per_label: int = 12, seed: int = 0) -> dict:
    """The ceiling for the composite column, from real takes only: each
    held-out take of an upper-body action (up to ``takes_per_label``) has its
    arms laid over two random held-out walk takes (``studio.compose.overlay_arms``,
    the side the label names, else both arms; cut to the shorter), and the
    windows are scored as a generated composite is: by the whole body, and by
    the whole body or the arms. Also the action takes alone."""
    from ..eval.train import content_label
    from ..motion.features import recover_from_ric
    from ..studio.compose import UPPER_BODY, overlay_arms

    contents = scorer.recogniser.config.contents
    items = [i for split in splits for i in split.items if i.source == "bandai"]
    walks = [i for i in items if content_label(i) == "walk"]
    rng = np.random.default_rng(seed)
    body, either, alone = [], [], []
    for label in UPPER_BODY:
        for take in [i for i in items if content_label(i) == label][:takes_per_label]:
            action = recover_from_ric(take.features)
            alone.append(any(contents[c] == label for c in scorer.labels(_windows(_features(action)))[0]))
            for walk in (rng.choice(len(walks), size=min(2, len(walks)), replace=False) if walks else []):
                base = recover_from_ric(walks[int(walk)].features)
                n = min(len(base), len(action))
                over = overlay_arms(base[:n], action[:n], 0, side=side(label))
                body.append(any(contents[c] == label for c in scorer.labels(_windows(_features(over)))[0]))
                either.append(body[-1] or _arms_show(arms, over, label))
    mean = lambda v: float(np.mean(v)) if v else float("nan")  # noqa: E731
    return {"overlays": len(body), "action_takes": len(alone), "action_alone_recognised": mean(alone),
            "overlay_recognised": mean(body), "overlay_recognised_arms": mean(either) if arms is not None else None}


def run_prompts(*, build: Path, generators: list[str], device: str, command: str, models: Path | None = None, seed: int = 0,
                length: str = "auto") -> dict:
    from ..data.dataset import load_build
    from ..eval.weights import load_arm_recogniser, load_evaluator, load_recogniser
    from ..motion.timebase import FPS
    from ..studio import motion
    from ..studio.engine import Engine, Settings
    from ..train.distributed import pick_device
    from .run import RESULTS, _commit, _device_name, _write, sentence_vector_source
    from .scorer import Scorer

    torch_device = pick_device(device)
    evaluator, info = load_evaluator()
    recogniser, _ = load_recogniser()
    scorer = Scorer(evaluator=evaluator, recogniser=recogniser, sentence_vectors=sentence_vector_source(build, info), device=torch_device)
    try:
        arms, _ = load_arm_recogniser()
    except FileNotFoundError as error:  # the composites are then scored by the whole body only
        print(f"bench prompts: {error}")
        arms = None
    single, composite = load_prompts()
    held_out = [load_build(build, "test"), load_build(build, "val", mirrored=False)]
    real = real_ceiling(scorer, held_out)
    train_captions = [c for i in load_build(build, "train", mirrored=False).items for c in i.captions]
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {"generators": {}}
    section = results.get("prompts", {"generators": {}})
    section["set"] = set_report(single, composite, train_captions)
    section["real"] = {"takes": real["takes"], "labels_without_held_out_takes": real["labels_without_held_out_takes"], "content_acc_same_labels": float(np.mean([real["content"][p[1]] for p in single])),
                       "style_acc_same_labels": float(np.mean([real["style"][p[2]] for p in single if p[2]])),
                       "style_family_acc_same_labels": float(np.mean([real["style_family"][p[2]] for p in single if p[2]])),
                       "composites": real_composites(scorer, arms, held_out)}
    if length not in ("auto", "fixed"):
        raise ValueError(f"length must be auto or fixed, got {length!r}")
    from ..generators.registry import get_spec

    engine = Engine()
    composite_texts = [t for c in composite for t in c[:2]]
    for name in generators:
        generator, _, pack = name.partition(":")  # "<generator>:cmu": another pack, row "<generator>_cmu"
        settings = Settings(device=device, models_folder=str(models or ""), pack=pack or "default")
        name = generator if not pack or pack == "default" else f"{generator}_{pack}"
        auto = length == "auto" and get_spec(generator).predicts_length

        def make(text: str, frames: int | None):
            return motion.generate(engine, settings, generator=generator, prompt=text, scene_frames=frames, fps=float(FPS), seed=seed)[0]

        clips = {t: make(t, FRAMES) for t in dict.fromkeys(composite_texts + ([] if auto else [p[0] for p in single]))}
        single_clips = {p[0]: make(p[0], None) for p in single} if auto else None
        row = score_generator(name, clips, single, composite, scorer, real, single_clips, arms=arms)
        row["single_length"] = "the generator's own (Auto)" if auto else f"{FRAMES} frames"
        row["measured"] = {"command": command, "device": _device_name(torch_device), "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit()}
        section["generators"][name] = row
        results["prompts"] = section
        _write(results)
    return section


def _cell(row: dict, key: str, form: str) -> str:
    return format(row[key], form) if key in row else "—"


def render(section: dict) -> list[str]:
    """The RESULTS.md part for ``bench prompts``."""
    s, r = section["set"], section["real"]
    lines = ["", f"Prompts in the artist's own words (`python -m backend bench prompts`: {s['prompts']} hand-written prompts, "
             f"{s['single']} single ({s['contents']} content and {s['styles']} style labels, {s['with_side']} with a side) and "
             f"{s['composite']} composite, `backend/bench/data/paraphrases.json`, never trained or tuned on; word n-gram overlap with "
             f"the training captions: 2-gram {s['2gram_overlap']:.2f}, 3-gram {s['3gram_overlap']:.2f}, 4-gram {s['4gram_overlap']:.2f}; "
             f"{s['verbatim_in_training_captions']} verbatim). Real test takes of the same labels: content {r['content_acc_same_labels']:.3f}, "
             f"style {r['style_acc_same_labels']:.3f} (by family {r.get('style_family_acc_same_labels', float('nan')):.3f}). Single prompts are made at the length each generator picks (the add-on's "
             "default, Auto; rows measured before 2026-12-06 evening used 6 s), composites and their base prompts at 6 s. Targets: content and style >= 0.9 of real; composites travel >= 0.7 of the prompt "
             "without the second action in >= 70% (locomotion kept) and the second action recognised in >= 80%. Style by family counts "
             "masculine/masculinity, elderly/old and exhausted/tired as one (the two Bandai sets' names for one style, worded alike by "
             "the caption tables: no prompt can tell them apart); rows measured before 2026-12-08 have no family column."]
    rc = r.get("composites")
    if rc:
        lines[-1] += (f" The second action is looked for in every 3 s window by the label recogniser (the whole body) and, for an upper-body action, "
                      f"also by the arm recogniser (`eval.arms`: the arms alone, in the chest's frame; rows measured before 2026-12-08 have no arms "
                      f"column). Real takes (held-out splits): an action take alone is recognised in {rc['action_alone_recognised']:.2f} of "
                      f"{rc['action_takes']}; its arms laid over a real walk ({rc['overlays']} overlays, the composer's own overlay) in "
                      f"{rc['overlay_recognised']:.2f} by the whole body"
                      + (f", {rc['overlay_recognised_arms']:.2f} by the whole body or the arms" if rc.get("overlay_recognised_arms") is not None else "")
                      + ": the whole-body column cannot reach the target for a simultaneous action even with real motion.")
    lines += ["", "| generator | content | vs real | style | vs real | style by family | vs real | left/right | composites travelling (median ratio) | second action recognised (whole body) | (whole body or arms) |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, g in sorted(section["generators"].items()):
        lines.append(f"| {name} | {g['content_acc']:.3f} | {g['content_vs_real']:.2f} | {g['style_acc']:.3f} | {g['style_vs_real']:.2f} | "
                     f"{_cell(g, 'style_family_acc', '.3f')} | {_cell(g, 'style_family_vs_real', '.2f')} | {g['side_acc']:.3f} | {g['composite_travels']:.2f} ({g['composite_travel_ratio_median']:.2f}) | {g['composite_second_recognised']:.2f} | "
                     f"{_cell(g, 'composite_second_recognised_arms', '.2f')} |")
    lines += ["", "Prompts that still fail, and where each row was measured: `bench/results.json` (`prompts`)."]
    for name, g in sorted(section["generators"].items()):
        m = g["measured"]
        lines.append(f"* prompts {name}: {m['device']}, {m['date']}, commit {m['commit'][:10]}, `{m['command']}`")
    return lines
