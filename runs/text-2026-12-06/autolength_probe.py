"""Experiment (not product code): the paraphrase prompts with each generator's
own length (the add-on's "auto" length: scene_frames=None) instead of the
bench's fixed 120 frames, to see how much of the gap to real takes (scored at
their own lengths) is the fixed length.

    PYTHONPATH=. python runs/text-2026-12-06/autolength_probe.py PACK GENERATOR OUT.json
"""
import json
import sys
from pathlib import Path

import backend.bench.prompts as prompts
import backend.bench.run

backend.bench.run._write = lambda results: None  # bench/results.json is left alone
prompts.FRAMES = None
pack, generator, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
section = prompts.run_prompts(build=pack, generators=[generator], device="cpu", command=" ".join(sys.argv))
out.write_text(json.dumps({"frames": "auto", generator: section["generators"][generator.replace(":", "_")]}, indent=1))
