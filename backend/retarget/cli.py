"""``python -m backend retarget report|presets|automap-bench``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..data.config import REPO_ROOT, default_cache_root


def add_parser(subparsers) -> None:
    retarget = subparsers.add_parser("retarget", help="measure retargeting onto rigs; list bone-map presets")
    commands = retarget.add_subparsers(dest="retarget_command", metavar="ACTION")

    report = commands.add_parser("report", help="round-trip errors, foot skating and detection on a build's test clips")
    report.add_argument("--build", default="default", help="build name or folder (default: default)")
    report.add_argument("--clips", type=int, default=40, help="number of test clips (default: 40)")
    report.add_argument("--fps", type=float, default=30.0, help="output frame rate for the skating figures (default: 30)")
    report.add_argument("--out", type=Path, help="also write the report as JSON to this file")
    report.add_argument("--table", type=Path, help="also write the markdown tables to this file (e.g. bench/RETARGET.md)")
    report.add_argument("--compare", type=Path, help="an earlier report (JSON) to show beside this one in the tables")
    report.add_argument("--label", help="what this report measures, recorded in it (e.g. 'before the floor fix')")
    report.set_defaults(handler=_report)

    automap = commands.add_parser(
        "automap-bench", help="slot accuracy of auto-mapping by structure on every preset's rig with scrambled bone names"
    )
    automap.add_argument("--seeds", type=int, default=3, help="scrambles per preset and variant (default: 3)")
    automap.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "automap.json", help="JSON report (default: bench/automap.json)")
    automap.add_argument("--table", type=Path, default=REPO_ROOT / "bench" / "AUTOMAP.md", help="markdown table (default: bench/AUTOMAP.md)")
    automap.set_defaults(handler=_automap_bench)

    presets = commands.add_parser("presets", help="list the built-in bone-map presets")
    presets.add_argument("--json", action="store_true", help="print every preset as a preset file would hold it")
    presets.set_defaults(handler=_presets)
    retarget.set_defaults(handler=lambda args: retarget.print_help())


def _resolve_build(name: str) -> Path:
    path = Path(name)
    return path if path.is_dir() else default_cache_root() / "datasets" / name


def _measured(command: str) -> dict:
    """Command, commit (``$T2M_COMMIT`` or the checkout's HEAD) and UTC date of a measurement."""
    import datetime
    import os
    import subprocess

    try:
        commit = os.environ.get("T2M_COMMIT") or subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"command": command, "commit": commit, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def _report(args: argparse.Namespace) -> int:
    import shlex

    from .report import render, retarget_report

    folder = _resolve_build(args.build)
    if not folder.is_dir():
        raise FileNotFoundError(f"no build at {folder}; run `python -m backend data build`")
    report = retarget_report(folder, clips=args.clips, fps=args.fps)
    options = [("--build", args.build), ("--clips", args.clips), ("--fps", f"{args.fps:g}"), ("--out", args.out),
               ("--table", args.table), ("--compare", args.compare), ("--label", args.label)]
    report["measured"] = _measured("python -m backend retarget report " + shlex.join(
        [str(part) for flag, value in options if value is not None for part in (flag, value)]
    ))
    if args.label:
        report["measured"]["label"] = args.label
    text = json.dumps(report, indent=1)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.table:
        before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
        args.table.parent.mkdir(parents=True, exist_ok=True)
        args.table.write_text(render(report, before), encoding="utf-8")
    print(text)
    return 0


def _automap_bench(args: argparse.Namespace) -> int:
    from .automap_report import automap_report, render

    report = automap_report(seeds=args.seeds)
    command = "python -m backend retarget automap-bench" + (f" --seeds {args.seeds}" if args.seeds != 3 else "")
    report["measured"] = _measured(command)
    for path, text in ((args.out, json.dumps(report, indent=1) + "\n"), (args.table, render(report))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, row in report["per_preset"].items():
        print(f"{name:22s} {row['accuracy']:8.2%}  ({row['slots_right']}/{row['slots']} slots, {row['refused']} refused)")
    print(f"overall {report['accuracy']:.2%}; lowest preset {report['min_preset_accuracy']:.2%}; wrote {args.out} and {args.table}")
    return 0


def _presets(args: argparse.Namespace) -> int:
    from .preset_file import to_dict
    from .presets import FAMILIES, PRESETS

    if args.json:
        print(json.dumps({name: to_dict(preset) for name, preset in PRESETS.items()}, indent=1))
        return 0
    for name, preset in PRESETS.items():
        print(f"{name:20s} {FAMILIES.get(name, ''):18s} {preset.label}  ({len(preset.mapped_bones())} mapped bones)")
    return 0
