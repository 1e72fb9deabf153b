"""Tune a generator's sampling settings on the validation split (never on test).

    python tools/sampling_sweep.py --build .carry/default-val --pack default [--write] [--repeats 2]
    python tools/sampling_sweep.py --generator bamm --build .carry/labels --repeats 1 --write
    python tools/sampling_sweep.py --generator mld --build .carry/labels --repeats 1 --out runs/mld-2026-12-06/sampling-sweep-val-cpu.json
    python tools/sampling_sweep.py --generator remodiffuse --models /tmp/models --build .carry/labels --repeats 1 --write

Scores each setting with the quality bench (project evaluator, validation
items, no multimodality) and picks the one with the lowest FID among those
whose top-3 R-precision is at least the real validation data's (if none is,
the one with the highest top-3; ``--fastest-within F``: of those within F
of that FID, the one with the fewest sampling steps). ``--write``
stores the winner as ``sampling`` in the pack's JSON (the generator's
defaults from then on). Prints and returns every row as JSON.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.bench.quality import QualityBench, QualityConfig  # noqa: E402
from backend.bench.run import sentence_vector_source  # noqa: E402
from backend.bench.scorer import Scorer  # noqa: E402
from backend.bench.variants import WithOptions  # noqa: E402
from backend.data.dataset import load_build  # noqa: E402
from backend.eval.weights import load_evaluator, load_recogniser  # noqa: E402
from backend.generators.registry import load_generator, pack_folder  # noqa: E402
from backend.generators.text_input import from_vectors  # noqa: E402
from backend.train.distributed import pick_device  # noqa: E402

REMO_SETTINGS = [
    {},
    {"guidance": 1.5}, {"guidance": 4.0},
    {"share_text_retrieval": 0.5, "share_text": 0.5},
    {"share_text_retrieval": 0.0, "share_text": 1.0},
    {"share_text_retrieval": 0.7, "share_retrieval": 0.3},
]
BAMM_SETTINGS = [
    {},
    {"guidance": 2.5}, {"guidance": 6.0},
    {"refine_guidance": 1.5}, {"refine_passes": 0}, {"refine_passes": 2},
    {"temperature": 0.8}, {"keep_fraction": 0.3},
]
MLD_SETTINGS = [
    {},
    {"guidance": 2.5}, {"guidance": 4.0}, {"guidance": 10.0}, {"guidance": 12.5},
]
SETTINGS = [
    {},
    {"base_guidance": 2.0}, {"base_guidance": 3.0}, {"base_guidance": 6.0},
    {"residual_guidance": 1.0}, {"residual_guidance": 2.5},
    {"temperature": 0.8}, {"temperature": 1.2},
    {"keep_fraction": 0.05}, {"keep_fraction": 0.3},
    {"steps": 18},
    {"base_guidance": 3.0, "residual_guidance": 2.5},
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--generator", default="momask", choices=("momask", "bamm", "mld", "remodiffuse"))
    parser.add_argument("--pack", default="default")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--models", type=Path, help="a folder of weight packs (<generator>/<pack>/) besides the bundled ones")
    parser.add_argument("--limit", type=int, help="only the first N settings (smoke tests)")
    parser.add_argument("--settings", help='the settings to try, as JSON (a list of changes to the pack defaults, e.g. \'[{}, {"steps": 25}]\'); '
                                           "default: the generator's built-in grid")
    parser.add_argument("--fastest-within", type=float,
                        help="pick the setting with the fewest steps whose FID is within this fraction of the best one's (e.g. 0.1), "
                             "among those that reach the real top-3")
    args = parser.parse_args()
    device = pick_device(args.device)
    evaluator, info = load_evaluator()
    recogniser, _ = load_recogniser()
    vectors = sentence_vector_source(args.build, info)
    split = load_build(args.build, "val")
    scorer = Scorer(evaluator=evaluator, recogniser=recogniser, sentence_vectors=vectors, device=device)
    bench = QualityBench(split, scorer, QualityConfig(repeats=args.repeats, mm_repeats=0))
    real = bench.run(None)["all"]
    print(json.dumps({"real": {k: real[k] for k in ("top3", "fid", "content_acc", "style_acc")}}))
    generator = load_generator(args.generator, pack=args.pack, text=from_vectors(vectors), device=device, root=args.models)
    settings = json.loads(args.settings) if args.settings else \
        {"bamm": BAMM_SETTINGS, "mld": MLD_SETTINGS, "remodiffuse": REMO_SETTINGS}.get(args.generator, SETTINGS)
    base = dataclasses.asdict(generator.defaults)
    rows = []
    for change in settings[: args.limit]:
        setting = {**base, **change}
        start = time.perf_counter()
        scores = bench.run(WithOptions(generator, "sweep", setting))["all"]
        row = {"sampling": setting, **{k: scores[k] for k in ("top3", "fid", "mm_dist", "diversity", "content_acc", "style_acc", "foot_skate")}, "seconds": time.perf_counter() - start}
        rows.append(row)
        print(json.dumps(row), flush=True)
    eligible = [r for r in rows if r["top3"] >= real["top3"]]
    # None reaches real top-3: the one that comes closest (text adherence first).
    best = min(eligible, key=lambda r: r["fid"]) if eligible else max(rows, key=lambda r: r["top3"])
    if args.fastest_within is not None and eligible:
        close = [r for r in eligible if r["fid"] <= best["fid"] * (1 + args.fastest_within)]
        best = min(close, key=lambda r: (r["sampling"].get("steps", 0), r["fid"]))
    result = {"split": "val", "real": real, "rows": rows, "best": best, "rule": "lowest FID with top-3 >= real"
              + (f", then the fewest steps within {args.fastest_within:.0%} of it" if args.fastest_within is not None else "")}
    print("best:", json.dumps(best))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=float) + "\n")
    if args.write:
        path = pack_folder(args.generator, args.pack, root=args.models) / f"{args.generator}.json"
        meta = json.loads(path.read_text())
        meta["sampling"] = {**best["sampling"], "tuned_on": f"val split, {args.repeats} repeats, tools/sampling_sweep.py"}
        path.write_text(json.dumps(meta, indent=1) + "\n")
        print(f"wrote the winner into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
