"""Saving and loading shipped evaluator / recogniser weights (fp16 safetensors
with a frozen config and the text encoder's description beside them)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from .models import EvaluatorConfig, LabelRecogniser, MotionEncoderConfig, RecogniserConfig, TextMotionEvaluator

ASSETS = Path(__file__).resolve().parents[1] / "assets"
EVALUATOR_DIR = ASSETS / "evaluator"


def save_model(model: torch.nn.Module, folder: Path, name: str, *, config, meta: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16 if v.dtype.is_floating_point else v.dtype).contiguous().cpu() for k, v in model.state_dict().items()}
    save_file(state, str(folder / f"{name}.safetensors"), metadata={"format": "pt"})
    (folder / f"{name}.json").write_text(json.dumps({"config": asdict(config), **meta}, indent=1) + "\n")


def _load_state(folder: Path, name: str, command: str = "eval train") -> tuple[dict, dict]:
    path = folder / f"{name}.safetensors"
    if not path.is_file():
        raise FileNotFoundError(f"no {name} weights at {path}; train them with `python -m backend {command}`")
    info = json.loads((folder / f"{name}.json").read_text())
    return {k: v.float() for k, v in load_file(str(path)).items()}, info


def load_evaluator(folder: Path = EVALUATOR_DIR) -> tuple[TextMotionEvaluator, dict]:
    state, info = _load_state(folder, "evaluator")
    raw = info["config"]
    config = EvaluatorConfig(**{**raw, "motion": MotionEncoderConfig(**raw["motion"])})
    model = TextMotionEvaluator(config)
    model.load_state_dict(state)
    return model.eval(), info


def load_recogniser(folder: Path = EVALUATOR_DIR) -> tuple[LabelRecogniser, dict]:
    state, info = _load_state(folder, "recogniser")
    raw = info["config"]
    config = RecogniserConfig(motion=MotionEncoderConfig(**raw["motion"]), contents=tuple(raw["contents"]), styles=tuple(raw["styles"]))
    model = LabelRecogniser(config)
    model.load_state_dict(state)
    return model.eval(), info


def load_arm_recogniser(folder: Path = EVALUATOR_DIR):
    """The arm recogniser (``eval.arms``) -> (model, info)."""
    from .arms import ArmRecogniser, ArmRecogniserConfig

    state, info = _load_state(folder, "arms", "eval train-arms")
    raw = info["config"]
    model = ArmRecogniser(ArmRecogniserConfig(motion=MotionEncoderConfig(**raw["motion"]), labels=tuple(raw["labels"])))
    model.load_state_dict(state)
    return model.eval(), info
