"""Carve a "studio library" out of CMU for the own-library experiment
(docs/own_library.md, issue 20): CMU takes the shipped CMU pack never
trained on (the validation and test splits of the build it was trained on),
about ``--hours`` of them in hash order, written as a plain BVH folder (the
dataset's added T-pose frame dropped) with the takes' CMU descriptions as
``<take>.txt`` caption sidecars, as a studio would hand it over.

    python tools/carve_library.py --hours 1 --out /tmp/studio1h [--build labels] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from backend.bvh.model import Bvh  # noqa: E402
from backend.bvh.reader import read_bvh  # noqa: E402
from backend.bvh.writer import write_bvh  # noqa: E402
from backend.data import cache  # noqa: E402
from backend.data.archives import dataset_folder  # noqa: E402
from backend.data.config import default_cache_root, default_data_root  # noqa: E402
from backend.data.splits import stable_unit  # noqa: E402


def carve(build: Path, hours: float, out: Path, seed: int = 0) -> dict:
    table = cache.read_table(build)
    unseen = [t for t in table["takes"] if t["source"] == "cmu" and t["split"] in ("val", "test")]
    # Salted: the build splits takes by stable_unit(take), which must not decide the carving too.
    unseen.sort(key=lambda t: stable_unit(f"carve:{t['take']}", seed))
    folder = dataset_folder(default_data_root(), "cmu", default_cache_root())
    out.mkdir(parents=True, exist_ok=True)
    seconds, chosen = 0.0, []
    for take in unseen:
        if seconds >= hours * 3600:
            break
        subject = take["take"].split("_")[0]
        bvh = read_bvh(folder / "bvh" / subject / f"{take['take']}.bvh")
        if bvh.frames < 3:
            continue
        trimmed = Bvh(joints=bvh.joints, frame_time=bvh.frame_time, motion=bvh.motion[1:].copy(), source=take["take"])
        write_bvh(trimmed, out / f"{take['take']}.bvh", precision=4)
        captions = [d for d in take["text"].get("descriptions", []) if d.strip()]
        if captions:
            (out / f"{take['take']}.txt").write_text("\n".join(captions) + "\n", encoding="utf-8")
        seconds += (bvh.frames - 1) * bvh.frame_time
        chosen.append(take["take"])
    return {"takes": len(chosen), "hours": seconds / 3600, "from": str(build), "out": str(out)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--build", default="labels", help="the build the shipped CMU pack was trained on (name or folder)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    build = Path(args.build) if Path(args.build).is_dir() else default_cache_root() / "datasets" / args.build
    print(carve(build, args.hours, args.out, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
