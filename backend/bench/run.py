"""Running the benchmark and writing ``bench/results.json`` + ``bench/RESULTS.md``.

Results accumulate: each run replaces the rows it measured and keeps the
others, and every number set records the command, device and date that
produced it.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

from ..data.config import REPO_ROOT
from ..data.dataset import load_build
from ..data.pack import is_pack, read_pack_embeddings
from ..eval.weights import load_evaluator, load_recogniser
from ..text.base import check_compatible
from ..train.distributed import pick_device
from .quality import QualityBench, QualityConfig
from ..generators import registry
from .rows import generator_rows, text_input_for
from .sanity import RandomTrainingMotion, Reconstruction, RealMotion, RetrievalMotion, ValidationMotion
from .scorer import Scorer
from .speed import PROMPT, measure_speed, measure_studio_speed
from .variants import variant_of
from .tasks import EDIT_TASKS, EditTask, EstimatedLength, FootLocked, length_report, real_jump_p99, real_zone_p99

RESULTS = REPO_ROOT / "bench" / "results.json"
TABLE = REPO_ROOT / "bench" / "RESULTS.md"
COLUMNS = ("top1", "top2", "top3", "fid", "fid_norm", "mm_dist", "diversity", "mmodality", "content_acc", "style_acc", "foot_skate", "aits_cpu_s", "studio_aits_cpu_s", "studio_aits_cpu_fast_s", "aits_gpu_s", "aits_gpu_fast_s", "studio_aits_gpu_s", "studio_aits_gpu_fast_s")


def _commit() -> str:
    """HEAD, or $T2M_COMMIT on machines that get the tree without .git."""
    if os.environ.get("T2M_COMMIT"):
        return os.environ["T2M_COMMIT"]
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"cpu ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads)"


def sentence_vector_source(build: Path, evaluator_info: dict):
    """Sentence vectors for captions: the pack's stored ones when the build is
    a pack (GPU machines have no text-encoder weights), else the encoder."""
    if is_pack(build):
        index, vectors, encoder = read_pack_embeddings(build)
        if encoder["weight_hash"] != evaluator_info["text_encoder"]["weight_hash"]:
            raise ValueError("the pack's caption embeddings come from another text encoder than the evaluator's")
        fallback: list = []

        def lookup(captions):
            missing = [c for c in captions if c not in index]
            if missing:
                # Prompts outside the pack (the speed prompt): the text encoder
                # when this machine has its weights.
                if not fallback:
                    from ..text import get_text_encoder

                    fallback.append(get_text_encoder("minilm"))
                for c, v in zip(missing, fallback[0].encode(missing).pooled.numpy()):
                    index[c] = len(extra) + len(vectors)
                    extra.append(v)
            table = np.concatenate([vectors, np.stack(extra)]) if extra else vectors
            return table[[index[c] for c in captions]]

        extra: list = []
        return lookup
    from ..text import get_text_encoder
    from ..text.cache import CaptionEmbeddingCache

    encoder = get_text_encoder("minilm")
    check_compatible(evaluator_info["text_encoder"], encoder)
    store = CaptionEmbeddingCache(encoder=encoder, path=build.parent / f"{build.name}.embeddings")
    return store.embed


def _has_text_encoder() -> bool:
    """GPU machines get caption vectors from the pack and have no encoder weights."""
    try:
        from ..text import get_text_encoder

        get_text_encoder("minilm")
        return True
    except Exception:  # noqa: BLE001 - weights not installed
        return False


def _speed_prompt(vectors, test) -> str:
    """The standard speed prompt, or a test caption on machines without the
    text encoder's weights (GPU machines get caption vectors from the pack);
    either way the sentence vector is cached before timing starts."""
    try:
        vectors([PROMPT])
        return PROMPT
    except Exception:  # noqa: BLE001 - no encoder weights here
        return test.items[0].captions[0]


def evaluator_info(folder: Path | None) -> dict:
    """The evaluator's description (``evaluator.json``) without its weights."""
    from ..eval.weights import EVALUATOR_DIR

    folder = Path(folder) if folder else EVALUATOR_DIR
    path = folder / "evaluator.json"
    if not path.is_file():
        raise FileNotFoundError(f"no evaluator description at {path}")
    return dict(json.loads(path.read_text()), folder=str(folder))


def evaluator_from(folder: Path | None):
    """(evaluator, info, recogniser): from ``folder`` (e.g. one trained on a
    user's own build with ``eval train``), else the shipped ones; a folder
    without a recogniser borrows the shipped one."""
    from ..eval.weights import EVALUATOR_DIR

    folder = Path(folder) if folder else EVALUATOR_DIR
    evaluator, info = load_evaluator(folder)
    recogniser, _ = load_recogniser(folder if (folder / "recogniser.json").is_file() else EVALUATOR_DIR)
    info = dict(info, folder=str(folder))
    return evaluator, info, recogniser


def run_bench(*, build: Path, generators: list[str], device: str, quality: bool, speed: bool, config: QualityConfig, command: str, task_repeats: int = 3, compile_speed: bool = False, models: Path | None = None,
              evaluator_dir: Path | None = None) -> dict:
    torch_device = pick_device(device)
    if quality:
        evaluator, info, recogniser = evaluator_from(evaluator_dir)
        print(f"evaluator: {info['folder']} (trained on build {info.get('data', {}).get('build', '?')})", file=sys.stderr)
    else:  # speed alone: only the evaluator's text-encoder description (which sentence vectors a pack's captions hold)
        info = evaluator_info(evaluator_dir)
    test = load_build(build, "test")
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {"generators": {}}
    stamp = {"command": command, "device": _device_name(torch_device), "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit()}
    vectors = sentence_vector_source(build, info)
    available = {"sanity_real": lambda: RealMotion(test), "sanity_random_train": lambda: RandomTrainingMotion(load_build(build, "train")),
                 "sanity_retrieval": lambda: RetrievalMotion(load_build(build, "train"), vectors),
                 "sanity_real_val": lambda: ValidationMotion(load_build(build, "val", mirrored=False))}
    wrap = {"": lambda g: g, "recon": lambda g: Reconstruction(g, test), "autolen": EstimatedLength, "footlock": FootLocked,
            **{task: (lambda g, task=task: EditTask(g, test, task)) for task in EDIT_TASKS}}
    rows = generator_rows(root=models)
    for row, (name, pack, task) in rows.items():
        def make(name=name, pack=pack, task=task):
            text = text_input_for(registry.get_spec(name), vectors)
            generator = registry.load_generator(name, pack=pack, text=text, device=torch_device, root=models)
            if task.startswith("inbetween_"):  # in-betweening with an edit variant's options
                return EditTask(variant_of(generator, task), test, "inbetween")
            return wrap[task](generator) if task in wrap else variant_of(generator, task)

        available[row] = make
    unknown = [g for g in generators if g not in available]
    if unknown:
        raise ValueError(f"unknown generator(s) {unknown}; registered: {sorted(available)}")
    if quality:
        scorer = Scorer(evaluator=evaluator, recogniser=recogniser, sentence_vectors=vectors, device=torch_device)
        bench = QualityBench(test, scorer, config)
        # Derived rows: no multimodality; the edit task is slow (batch 1), so fewer repeats.
        derived = QualityBench(test, scorer, QualityConfig(repeats=config.repeats, mm_repeats=0, seed=config.seed))
        tasks = QualityBench(test, scorer, QualityConfig(repeats=task_repeats, mm_repeats=0, seed=config.seed))
        real = bench.run(None)
        results["real"] = {**real["all"], "per_source": {k: v for k, v in real.items() if k in ("cmu", "bandai")}, "test_items": len(test), "measured": stamp}
    real_diversity = results.get("real", {}).get("diversity")
    for name in generators:
        generator = available[name]()
        row = results["generators"].get(name, {})
        if quality:
            scorer_bench = tasks if isinstance(generator, (EditTask, FootLocked)) else derived if isinstance(generator, EstimatedLength) else bench
            scores = scorer_bench.run(generator)
            row.update(scores["all"])
            row["repeats"] = scores["repeats"]
            if isinstance(generator, EditTask):
                row["seams"] = generator.seam_report(real_jump_p99(test), real_zone_p99(test))
            if not isinstance(generator, (EditTask, FootLocked, Reconstruction, EstimatedLength)) and getattr(getattr(generator, "spec", None), "predicts_length", False):
                row["length_estimator"] = length_report(generator, test, seed=config.seed)
            row["fid_norm"] = scores["all"]["fid"] / real_diversity**2 if real_diversity else None
            row["per_source"] = {k: v for k, v in scores.items() if k in ("cmu", "bandai")}
            row["quality_measured"] = stamp
            results["generators"][name] = row
            _write(results)
        if speed and not isinstance(generator, (EditTask, EstimatedLength, Reconstruction, FootLocked)):
            timing = measure_speed(generator, torch_device, prompt=_speed_prompt(vectors, test))
            key = "gpu" if torch_device.type == "cuda" else "cpu"
            row[f"aits_{key}_s"] = timing["aits_s"]
            row[f"throughput_b32_{key}_per_s"] = timing["throughput_b32_per_s"]
            row[f"peak_mib_{key}"] = timing["peak_mib"]
            row[f"speed_{key}_measured"] = stamp
            plain = rows.get(name)
            if plain is not None and (plain[2] == "" or plain[2].startswith("steps")) and _has_text_encoder():
                # The product's own path (studio: text encoder + model cache + fast path), eager and fast.
                steps = int(plain[2][5:]) if plain[2] else None
                for fast in (False, True):
                    studio = measure_studio_speed(plain[0], device, fast_path=fast, pack=plain[1], models=str(models or ""), steps=steps)
                    if fast and not studio["fast_path_on"]:
                        continue  # no fast path on this device: the product runs the eager path timed above
                    row[f"studio_aits_{key}{'_fast' if fast else ''}_s"] = studio["aits_s"]
                    row[f"studio_first_call_{key}{'_fast' if fast else ''}_s"] = studio["first_call_s"]
            if compile_speed and getattr(generator, "accelerate", None) is not None and generator.accelerate():
                # The product's GPU path (what the studio runs on CUDA).
                fast = measure_speed(generator, torch_device, prompt=_speed_prompt(vectors, test))
                row[f"aits_{key}_fast_s"] = fast["aits_s"]
                row[f"throughput_b32_{key}_fast_per_s"] = fast["throughput_b32_per_s"]
        results["generators"][name] = row
    results.update({"commit": stamp["commit"], "date": stamp["date"], "device": stamp["device"], "command": command})
    results["evaluator"] = {"text_encoder": info["text_encoder"], "data": info["data"], "test_real_quick": info.get("test_real"), "folder": info["folder"]}
    _write(results)
    return results


def run_threads(*, command: str) -> str:
    """The CPU-threads-under-load measurement (``threads``)."""
    from ..studio.engine import default_threads
    from . import threads

    result = threads.measure()
    result["default"] = default_threads(result["cores"])
    result["measured"] = {"command": command, "device": _device_name(torch.device("cpu")), "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit()}
    threads.write(RESULTS.parent, result)
    return threads.render(result)


def run_seams(*, build: Path, generators: list[str], device: str, ranges: int, command: str, models: Path | None = None) -> dict:
    """The edit-seam sweep (``seams``) for plain generator rows."""
    from . import seams

    torch_device = pick_device(device)
    _, info = load_evaluator()
    test = load_build(build, "test")
    vectors = sentence_vector_source(build, info)
    rows = generator_rows(root=models)
    out = {}
    for name in generators:
        if rows.get(name, ("", "", "x"))[2] != "":
            raise ValueError(f"the seam sweep takes plain generator rows; {name!r} is not one of {[r for r, v in rows.items() if v[2] == '']}")
        generator_name, pack, _ = rows[name]
        generator = registry.load_generator(generator_name, pack=pack, text=text_input_for(registry.get_spec(generator_name), vectors),
                                            device=torch_device, root=models)
        result = seams.seam_sweep(generator, test, ranges_per_length=ranges)
        result["measured"] = {"command": command, "device": _device_name(torch_device), "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit()}
        seams.write(RESULTS.parent / "seams.json", RESULTS.parent / "SEAMS.md", name, result)
        out[name] = result
        print(seams.render({name: result}))
    return out


def run_paths(*, build: Path, generators: list[str], device: str, curves: int, command: str, models: Path | None = None) -> dict:
    """Root paths and shot seams (``paths``) for generators loaded as the
    product loads them (the studio engine, the generator's own text encoder)."""
    from ..studio.engine import Settings, shared_engine
    from . import paths

    test = load_build(build, "test")
    engine = shared_engine()

    def load(name: str):
        return engine.generator(name, Settings(device=device, encoder=registry.get_spec(name).text_encoder, models_folder=str(models or "")))

    out = {}
    shot_file = Path(__file__).resolve().parents[2] / "docs" / "examples" / "shot.json"
    for name in generators:
        generator = load(name)
        result = paths.path_sweep(load, name, test, curves=curves)
        result["constraints"] = paths.constraint_sweep(generator, test, clips=curves)
        result["shot"] = paths.shot_seams(load, shot_file, test, generator=name)
        result["measured"] = {"command": command, "device": _device_name(generator.device), "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit()}
        paths.write(RESULTS.parent / "paths.json", RESULTS.parent / "PATHS.md", name, result)
        out[name] = result
        print(paths.render({name: result}))
    return out


def run_long(*, build: Path, generators: list[str], device: str, frames: int, prompts: int, command: str, models: Path | None = None) -> dict:
    """Long motion (``long_motion``) for plain rows of generators that chain windows."""
    from . import long_motion

    torch_device = pick_device(device)
    _, info = load_evaluator()
    test = load_build(build, "test")
    vectors = sentence_vector_source(build, info)
    rows = generator_rows(root=models)
    out = {}
    for name in generators:
        generator_name, pack, task = rows.get(name, ("", "", "x"))
        if task != "" or registry.get_spec(generator_name).longest <= registry.get_spec(generator_name).max_frames:
            raise ValueError(f"--long takes plain rows of generators that chain windows; {name!r} is not one")
        generator = registry.load_generator(generator_name, pack=pack, text=text_input_for(registry.get_spec(generator_name), vectors),
                                            device=torch_device, root=models)
        result = long_motion.long_sweep(generator, test, frames=frames, prompts=prompts)
        result["measured"] = {"command": command, "device": _device_name(torch_device), "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit()}
        long_motion.write(RESULTS.parent / "long.json", RESULTS.parent / "LONG.md", name, result)
        out[name] = result
        print(long_motion.render({name: result}))
    return out


def run_lengths(*, build: Path, generators: list[str], device: str, command: str, models: Path | None = None) -> dict:
    """Length estimators (``tasks.length_report``) of plain rows, with the
    true and sampled length distributions per content label ->
    bench/lengths.json, bench/LENGTHS.md."""
    torch_device = pick_device(device)
    _, info = load_evaluator()
    test = load_build(build, "test")
    vectors = sentence_vector_source(build, info)
    rows = generator_rows(root=models)
    path = RESULTS.parent / "lengths.json"
    saved = json.loads(path.read_text()) if path.is_file() else {}
    for name in generators:
        generator_name, pack, task = rows.get(name, ("", "", "x"))
        if task != "" or not registry.get_spec(generator_name).predicts_length:
            raise ValueError(f"--lengths takes plain rows of generators that predict lengths; {name!r} is not one")
        generator = registry.load_generator(generator_name, pack=pack, text=text_input_for(registry.get_spec(generator_name), vectors),
                                            device=torch_device, root=models)
        result = length_report(generator, test)
        result["measured"] = {"command": command, "device": _device_name(torch_device), "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "commit": _commit()}
        saved[name] = result
        path.write_text(json.dumps(saved, indent=1) + "\n")
        (RESULTS.parent / "LENGTHS.md").write_text(render_lengths(saved))
    return saved


def render_lengths(saved: dict) -> str:
    names = sorted(saved)
    lines = ["# Length prediction", "", "Generated by `python -m backend bench --lengths`: every test (clip, caption) pair; lengths in 0.2 s bins "
             "(one token). Per content label (Bandai takes; CMU takes as one group): the true and the sampled length (the one generation "
             "uses), mean [25th, 50th, 75th percentile] in seconds, and how often the most likely length is exact.", "",
             "| generator | pairs | exact | within 1 token | MAE argmax (s) | MAE sampled (s) | mean true / sampled (s) |", "|---|---|---|---|---|---|---|"]
    for n in names:
        e = saved[n]
        lines.append(f"| {n} | {e['pairs']} | {e['top1_acc']:.3f} | {e['within_1_token_acc']:.3f} | {e['argmax_mae_s']:.2f} | {e['sampled_mae_s']:.2f} | {e['true_mean_s']:.2f} / {e['sampled_mean_s']:.2f} |")
    groups = sorted({g for n in names for g in saved[n].get("by_content", {})})
    fmt = lambda q: f"{q[0]:.1f} [{q[1]:.1f}, {q[2]:.1f}, {q[3]:.1f}]"  # noqa: E731
    lines += ["", "| content | pairs | true (s) | " + " | ".join(f"{n} sampled (s) | {n} exact" for n in names) + " |",
              "|---|---|---|" + "---|---|" * len(names)]
    for g in groups:
        first = next(saved[n]["by_content"][g] for n in names if g in saved[n].get("by_content", {}))
        cells = []
        for n in names:
            row = saved[n].get("by_content", {}).get(g)
            cells += [fmt(row["sampled_s"]), f"{row['exact']:.2f}"] if row else ["—", "—"]
        lines.append(f"| {g} | {first['pairs']} | {fmt(first['true_s'])} | " + " | ".join(cells) + " |")
    lines += ["", "Where each row was measured:", ""]
    for n in names:
        m = saved[n]["measured"]
        lines.append(f"* {n}: {m['device']}, {m['date']}, commit {m['commit'][:10]}, `{m['command']}`")
    return "\n".join(lines) + "\n"


def _write(results: dict) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, default=float) + "\n")
    TABLE.write_text(render_table(results))


def _cell(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None:
        return "—"
    interval = row.get(key + "_ci95")
    text = f"{value:.4g}"
    return f"{text} ± {interval:.2g}" if interval else text


def render_table(results: dict) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Generated by `python -m backend bench` (see `bench/results.json` for every number's command, device, date and commit).",
        "Quality: the field's protocol on the test split, mean ± 95% interval over the repeats; speed: seconds per sentence at batch 1, 196 frames.",
        "",
        "How to read FID: it is held against three floors measured with the same evaluator. `sanity_random_train` gives every prompt a random "
        "training clip (real motion, wrong text: a generator must beat it to be better than random real motion); `sanity_retrieval` gives "
        "the training clip whose caption is nearest to the prompt, looped to length (the retrieval baseline: a generator must beat it to add "
        "anything over looking motion up); `sanity_real_val` gives a random validation take (what other real takes of this data score, a "
        "sample-size floor). Only an FID below these says the motion is closer to the test set than real motion the model has seen; "
        "R-precision and the recognisers' content and style accuracy say whether it follows the text.",
        "",
        "| row | " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * (len(COLUMNS) + 1),
    ]
    if "real" in results:
        lines.append("| real test data | " + " | ".join(_cell(results["real"], c) for c in COLUMNS) + " |")
    for name, row in sorted(results.get("generators", {}).items()):
        lines.append(f"| {name} | " + " | ".join(_cell(row, c) for c in COLUMNS) + " |")
    estimators = {n: r["length_estimator"] for n, r in sorted(results.get("generators", {}).items()) if "length_estimator" in r}
    if estimators:
        lines += ["", "Length estimators on every test (clip, caption) pair (rows `*_autolen` above use the estimate instead of the true length):", "",
                  "| generator | pairs | exact tokens | within 1 token | MAE argmax (s) | MAE sampled (s) | mean true / sampled (s) |", "|---|---|---|---|---|---|---|"]
        for n, e in estimators.items():
            lines.append(f"| {n} | {e['pairs']} | {e['top1_acc']:.3f} | {e['within_1_token_acc']:.3f} | {e['argmax_mae_s']:.2f} | {e['sampled_mae_s']:.2f} | {e['true_mean_s']:.2f} / {e['sampled_mean_s']:.2f} |")
    seams = {n: r["seams"] for n, r in sorted(results.get("generators", {}).items()) if "seams" in r}
    if seams:
        lines += ["", "Edit tasks (rows `*_inbetween`: first and last 25% of each test clip kept, middle 50% regenerated; `*_outpaint`: middle 50% kept, both ends regenerated; `*_prefix`: first 50% kept, the rest regenerated; `*_suffix`: last 50% kept, the start regenerated; the scored clip is the whole edited clip). Largest joint jump per seam vs the 99th percentile of per-frame jumps in real test data; and the largest jump in each seam's zone (the seam and the next 8 frames into the range, where the seam correction fades) vs the same statistic over real test data:", "",
                  "| row | seams | real p99 (m) | mean (m) | p99 (m) | max (m) | within real p99 | zone: real p99 (m) | zone p99 (m) | zone max (m) | zone within real p99 |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for n, e in seams.items():
            lines.append(f"| {n} | {e['seams']} | {e['real_jump_p99_m']:.4f} | {e['seam_jump_mean_m']:.4f} | {e['seam_jump_p99_m']:.4f} | {e['seam_jump_max_m']:.4f} | {e['seams_within_real_p99']:.3f} | " + (f"{e['real_zone_p99_m']:.4f} | {e['zone_jump_p99_m']:.4f} | {e['zone_jump_max_m']:.4f} | {e['zones_within_real_p99']:.3f} |" if "zones_within_real_p99" in e else "— | — | — | — |"))
    if results.get("prompts", {}).get("generators"):
        from .prompts import render

        lines += render(results["prompts"])
    lines += ["", "Where each row was measured:", ""]
    if "real" in results:
        m = results["real"]["measured"]
        lines.append(f"* real test data: {m['device']}, {m['date']}, commit {m['commit'][:10]}, `{m['command']}`")
    for name, row in sorted(results.get("generators", {}).items()):
        for key in ("quality_measured", "speed_gpu_measured", "speed_cpu_measured"):
            if key in row:
                m = row[key]
                lines.append(f"* {name} {key.replace('_measured', '').replace('_', ' ')}: {m['device']}, {m['date']}, commit {m['commit'][:10]}, `{m['command']}`")
    lines.append("")
    return "\n".join(lines)


def main_command() -> str:
    return "python -m backend " + " ".join(sys.argv[1:])
