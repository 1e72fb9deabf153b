"""The one training loop every model uses.

A model is trained by giving the ``Trainer`` a module, a loss function
``loss_fn(model, batch) -> (loss, {name: float})`` and a batch sampler
``sample(generator) -> batch`` (each rank draws its own batches from its own
seeded generator, so data parallelism needs no sampler). The harness adds:
bf16 autocast on CUDA, gradient clipping, optional EMA of the weights,
JSON-lines logging and a progress line, sharded safetensors checkpoints,
resuming, time-boxed chunks (``max_minutes``: stop, save, run again to go
on), early stopping (``keep_best``: the weights at the lowest point of a
validation metric are the result, kept across resumes in ``best.safetensors``;
``patience``: stop after that many validations without a new best), and
DistributedDataParallel under ``torchrun``.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch.nn.parallel import DistributedDataParallel

from .checkpoint import load_sharded, read_state, restore_optimizer, write_checkpoint
from .distributed import DistContext

BEST_FILE = "best.safetensors"  # the weights at the best validation point (``TrainConfig.keep_best``)


@dataclass(frozen=True)
class TrainConfig:
    steps: int
    lr: float = 2e-4
    weight_decay: float = 0.0
    warmup_steps: int = 0
    grad_clip: float = 1.0
    ema_decay: float | None = None
    bf16: bool = True
    log_every: int = 50
    checkpoint_every: int = 1000
    max_minutes: float | None = None
    seed: int = 0
    validate_every: int = 0  # 0: never; else run ``validate`` every N steps and at the end
    keep_best: str = ""  # a validation metric (lower is better; "" none): validated before the first step too, its best weights are the result
    patience: int = 0  # with keep_best: stop after this many validations without a new best (0: never early)


class Trainer:
    def __init__(
        self,
        *,
        model: torch.nn.Module,
        loss_fn: Callable[[torch.nn.Module, Any], tuple[torch.Tensor, dict[str, float]]],
        sample: Callable[[torch.Generator], Any],
        config: TrainConfig,
        out_dir: Path,
        ctx: DistContext = DistContext(),
        extra_state: dict | None = None,
        validate: Callable[[torch.nn.Module], dict[str, float]] | None = None,
    ) -> None:
        self.config = config
        self.ctx = ctx
        self.out_dir = Path(out_dir)
        self.model = model.to(ctx.device)
        self.loss_fn = loss_fn
        self.sample = sample
        self.extra_state = extra_state or {}
        self.validate = validate
        self.optimizer = torch.optim.AdamW(
            [p for p in self.model.parameters() if p.requires_grad], lr=config.lr, weight_decay=config.weight_decay
        )
        if config.keep_best and config.ema_decay:
            raise ValueError("keep_best keeps the raw weights of the best step: use it without ema_decay")
        self.ema = (
            {k: v.detach().clone().float() for k, v in self.model.state_dict().items() if v.dtype.is_floating_point}
            if config.ema_decay
            else None
        )
        self.step = 0
        self.history: list[dict] = []
        self.best: dict = {"value": math.inf, "step": None, "stale": 0}
        self._resume()
        self.wrapped = (
            DistributedDataParallel(self.model, device_ids=[ctx.device.index] if ctx.device.type == "cuda" else None)
            if ctx.enabled
            else self.model
        )

    @property
    def checkpoint_dir(self) -> Path:
        return self.out_dir / "checkpoint"

    def _resume(self) -> None:
        state = read_state(self.checkpoint_dir)
        if state is None:
            return
        self.model.load_state_dict(load_sharded(self.checkpoint_dir, "model"))
        if "optimizer" in state:
            restore_optimizer(self.optimizer, load_sharded(self.checkpoint_dir, "optim"), state["optimizer"])
        if self.ema is not None:
            saved = load_sharded(self.checkpoint_dir, "ema")
            self.ema = {k: saved[k].to(self.ctx.device) for k in self.ema} if saved else self.ema
        self.step = int(state["step"])
        self.history = state.get("history", [])
        self.best = self._saved_best(state.get("best") or {})

    def _lr(self) -> float:
        c = self.config
        if c.warmup_steps and self.step < c.warmup_steps:
            return c.lr * (self.step + 1) / c.warmup_steps
        progress = (self.step - c.warmup_steps) / max(1, c.steps - c.warmup_steps)
        return c.lr * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))

    def save(self) -> None:
        if not self.ctx.is_main:
            return
        state = {
            "step": self.step,
            "config": asdict(self.config),
            "world_size": self.ctx.world_size,
            "history": self.history[-200:],
            "best": self.best if self.best["step"] is not None else None,
            **self.extra_state,
        }
        write_checkpoint(self.checkpoint_dir, model=self.model, optimizer=self.optimizer, ema=self.ema, state=state)

    def _log(self, record: dict) -> None:
        self.history.append(record)
        if not self.ctx.is_main:
            return
        self.out_dir.mkdir(parents=True, exist_ok=True)
        with open(self.out_dir / "log.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")
        items = " ".join(f"{k} {v:.4g}" for k, v in record.items() if isinstance(v, float))
        print(f"\r[{record['step']}/{self.config.steps}] {items}{self._eta(record)}", file=sys.stderr, flush=True)

    def _eta(self, record: dict) -> str:
        """' eta N min' from this run's pace (the time box, if sooner), for training records."""
        done = record["step"] - getattr(self, "_first_step", record["step"])
        minutes = record.get("minutes")
        if not done or not isinstance(minutes, float) or "loss" not in record:
            return ""
        left = minutes / done * (self.config.steps - record["step"])
        if self.config.max_minutes is not None:
            left = min(left, max(self.config.max_minutes - minutes, 0.0))
        return f" eta {left:.1f} min"

    def fit(self) -> dict:
        """Train until ``config.steps`` or ``max_minutes``; returns a summary
        with ``finished`` False when the time box ran out first."""
        c = self.config
        started = time.time()
        generator = torch.Generator(device="cpu")
        use_bf16 = c.bf16 and self.ctx.device.type == "cuda"
        self._first_step = self.step
        running: dict[str, float] = {}
        watching = bool(c.keep_best) and self.validate is not None and bool(c.validate_every)
        if watching and self.best["step"] is None:
            self._validate()  # the starting weights are a candidate too (a fine-tune that only gets worse keeps its base)
        stopped_early = watching and c.patience > 0 and self.best["stale"] >= c.patience  # a run that stopped early stays stopped
        self.model.train()
        while self.step < c.steps and not stopped_early:
            generator.manual_seed(c.seed * 1_000_003 + self.step * 1009 + self.ctx.rank)
            batch = self.sample(generator)
            for group in self.optimizer.param_groups:
                group["lr"] = self._lr()
            with torch.autocast(device_type=self.ctx.device.type, dtype=torch.bfloat16, enabled=use_bf16):
                loss, metrics = self.loss_fn(self.wrapped, batch)
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            grad_norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), c.grad_clip) if c.grad_clip else None
            self.optimizer.step()
            if self.ema is not None:
                with torch.no_grad():
                    for name, value in self.model.state_dict().items():
                        if name in self.ema:
                            self.ema[name].mul_(c.ema_decay).add_(value.float(), alpha=1 - c.ema_decay)
            self.step += 1
            metrics = dict(metrics, loss=float(loss.detach()))
            if grad_norm is not None:
                metrics["grad_norm"] = float(grad_norm)
            for k, v in metrics.items():
                running[k] = running.get(k, 0.0) + v
            if self.step % c.log_every == 0 or self.step == c.steps:
                count = c.log_every if self.step % c.log_every == 0 else self.step % c.log_every
                record = {"step": self.step, "lr": float(self._lr()), **{k: v / count for k, v in running.items()}}
                record["minutes"] = (time.time() - started) / 60
                self._log(record)
                running = {}
            if self.validate is not None and c.validate_every and self.step % c.validate_every == 0:
                self._validate()
                stopped_early = watching and c.patience > 0 and self.best["stale"] >= c.patience and self.step < c.steps
            if self.step % c.checkpoint_every == 0:
                self.save()
            if c.max_minutes is not None and (time.time() - started) / 60 >= c.max_minutes:
                break
        if self.validate is not None and c.validate_every and self.step % c.validate_every:
            self._validate()
        summary = {"step": self.step, "finished": self.step >= c.steps or stopped_early, "minutes": (time.time() - started) / 60}
        self.save()  # the last weights: a time-boxed chunk resumes where it stopped
        if watching:
            summary.update(stopped_early=stopped_early, best_step=self.best["step"], best=self.best["value"])
            if self.best["step"] is not None and self.best["step"] != self.step:
                self._restore_best()  # the result in memory (what the caller writes as its pack)
        return summary

    def _saved_best(self, recorded: dict) -> dict:
        """The best point as ``best.safetensors`` records it (written after
        the last checkpoint too, when a run stopped between the two)."""
        from safetensors import safe_open

        path = self.out_dir / BEST_FILE
        if not path.is_file():
            return {"value": math.inf, "step": None, "stale": 0}
        with safe_open(str(path), "pt") as handle:
            meta = handle.metadata() or {}
        step, value = int(meta.get("step", -1)), float(meta.get("value", math.inf))
        return {"value": value, "step": step, "stale": recorded.get("stale", 0) if recorded.get("step") == step else 0}

    def _restore_best(self) -> None:
        from safetensors.torch import load_file

        state = load_file(str(self.out_dir / BEST_FILE), device=str(self.ctx.device))
        self.model.load_state_dict(state)
        self._log({"step": self.step, "restored_best_step": self.best["step"], f"best_val_{self.config.keep_best}": float(self.best["value"])})

    def _track_best(self, metrics: dict[str, float]) -> None:
        """Keep the weights at a new lowest ``keep_best`` metric (main process writes them)."""
        name = self.config.keep_best
        if name not in metrics:
            raise KeyError(f"keep_best={name!r}: the validation gives {sorted(metrics)}")
        value = float(metrics[name])
        if self.ctx.enabled:  # every process takes the first one's value, so all decide alike
            import torch.distributed as dist

            shared = torch.tensor([value], dtype=torch.float64, device=self.ctx.device)
            dist.broadcast(shared, 0)
            value = float(shared)
        if value < self.best["value"]:
            self.best = {"value": value, "step": self.step, "stale": 0}
            if self.ctx.is_main:
                from safetensors.torch import save_file

                self.out_dir.mkdir(parents=True, exist_ok=True)
                save_file({k: v.detach().to("cpu").contiguous().clone() for k, v in self.model.state_dict().items()}, str(self.out_dir / BEST_FILE),
                          metadata={"step": str(self.step), "value": repr(value)})
        else:
            self.best["stale"] += 1

    def _validate(self) -> None:
        """One point of the validation curve (``val_*`` keys), logged like a training record."""
        self.model.eval()
        try:
            with torch.no_grad(), torch.autocast(device_type=self.ctx.device.type, dtype=torch.bfloat16,
                                                 enabled=self.config.bf16 and self.ctx.device.type == "cuda"):
                metrics = self.validate(self.model)
        finally:
            self.model.train()
        self._log({"step": self.step, **{f"val_{k}": float(v) for k, v in metrics.items()}})
        if self.config.keep_best:
            self._track_best(metrics)

    def ema_state_dict(self) -> dict[str, torch.Tensor]:
        """Model weights with EMA values where EMA is kept."""
        state = self.model.state_dict()
        if self.ema is None:
            return state
        return {k: (self.ema[k].to(v.dtype) if k in self.ema else v) for k, v in state.items()}
