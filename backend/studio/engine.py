"""``Engine``: the models an interactive session keeps loaded."""

from __future__ import annotations

import sys

import threading
from collections.abc import Callable
from dataclasses import dataclass


Notify = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    """User preferences that decide which models load and where.

    ``device``: ``auto`` (CUDA when present), ``cuda`` or ``cpu``;
    ``pack``: weight pack (``default``: non-commercial, ``cmu``: commercial
    use allowed); ``encoder``: ``minilm`` or ``clip`` (``clip_checkpoint``:
    the user's ViT-B/32 file); ``models_folder``: extra packs
    (``<generator>/<pack>/``); ``fast_path``: the generator's fast path
    on this device (``accelerate()``: on CUDA graph replay, warmed up once per
    load, eager if it fails; on a CPU with native bfloat16, bfloat16 for the
    generators that allow it);
    ``threads``: CPU threads for PyTorch (0: ``default_threads()``)."""

    device: str = "auto"
    pack: str = "default"
    encoder: str = "minilm"
    clip_checkpoint: str = ""
    models_folder: str = ""
    fast_path: bool = True
    threads: int = 0


def default_threads(cores: int | None = None) -> int:
    """PyTorch CPU threads when the user leaves it to us: all cores but one,
    so Blender's UI and viewport (or any other busy process) keep a core;
    with a competing load, torch on every core slows down many times over
    (``bench/THREADS.md``)."""
    import os

    cores = cores or os.cpu_count() or 1
    return max(1, cores - 1)


def _is_cuda_oom(error: BaseException) -> bool:
    import torch

    return isinstance(error, torch.cuda.OutOfMemoryError) or "CUDA out of memory" in str(error)


class Engine:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generators: dict[tuple, object] = {}
        self._encoders: dict[tuple, object] = {}
        self.fell_back_to_cpu = False

    def device(self, settings: Settings):
        from ..train.distributed import pick_device

        if self.fell_back_to_cpu and settings.device != "cuda":
            return pick_device("cpu")
        return pick_device(settings.device)

    def encoder(self, settings: Settings, device=None):
        """The text encoder, loaded once: on the CPU, or, for a CUDA generator
        with the fast path on, a copy on that GPU with its own fast path
        (MiniLM: one CUDA graph per token bucket)."""
        from ..text import get_text_encoder

        on_gpu = settings.fast_path and getattr(device, "type", "cpu") == "cuda"
        key = (settings.encoder, settings.clip_checkpoint, str(device) if on_gpu else "cpu")
        with self._lock:
            if key not in self._encoders:
                kwargs = {"checkpoint": settings.clip_checkpoint} if settings.encoder == "clip" and settings.clip_checkpoint else {}
                encoder = get_text_encoder(settings.encoder, **kwargs)
                if on_gpu:
                    encoder.to(device)
                    try:
                        if getattr(encoder, "accelerate", None) is not None:
                            encoder.accelerate()
                    except RuntimeError as error:  # a capture this GPU refuses: the encoder runs eagerly there
                        encoder.to(device)
                        print(f"text encoder fast path unavailable on {device}: {error}", file=sys.stderr)
                self._encoders[key] = encoder
            return self._encoders[key]

    def generator(self, name: str, settings: Settings, *, device=None, status: Notify | None = None):
        """The generator ``name`` with ``settings.pack``, loaded once and cached
        (on CUDA with its fast path when ``settings.fast_path``)."""
        from ..generators.registry import get_spec, load_generator
        from ..generators.text_input import from_encoder
        from ..text.base import check_compatible

        spec = get_spec(name)
        device = device or self.device(settings)
        key = (name, settings.pack, str(device), settings.encoder, settings.clip_checkpoint, settings.models_folder, settings.fast_path)
        with self._lock:
            cached = self._generators.get(key)
        if cached is not None:
            return cached
        if status:
            status(f"loading {spec.label} ({settings.pack} pack) on {device}")
        encoder = self.encoder(settings, device)
        generator = load_generator(name, pack=settings.pack, text=from_encoder(encoder, spec.text_input), device=device,
                                   root=settings.models_folder or None)
        check_compatible(generator.info.get("text_encoder"), encoder)
        if settings.fast_path:
            if status and getattr(device, "type", "cpu") == "cuda":
                status(f"preparing the GPU fast path for {spec.label}")
            generator.accelerate()
        with self._lock:
            self._generators[key] = generator
        return generator

    def run(self, name: str, settings: Settings, work: Callable, *, notify: Notify | None = None, status: Notify | None = None):
        """``work(generator)`` on the preferred device; a CUDA out-of-memory
        error is retried once on the CPU (and later jobs stay there unless
        CUDA is explicitly asked for)."""
        import torch

        previous = torch.get_num_threads()
        torch.set_num_threads(settings.threads if settings.threads > 0 else default_threads())
        try:
            return self._run(name, settings, work, notify=notify, status=status)
        finally:
            torch.set_num_threads(previous)

    def _run(self, name: str, settings: Settings, work: Callable, *, notify: Notify | None, status: Notify | None):
        generator = self.generator(name, settings, status=status)
        try:
            return work(generator)
        except Exception as error:  # noqa: BLE001 - only CUDA OOM is handled
            if getattr(generator, "device", None) is None or generator.device.type != "cuda" or not _is_cuda_oom(error):
                raise
            import torch

            torch.cuda.empty_cache()
            self.fell_back_to_cpu = True
            if notify:
                notify("the GPU ran out of memory: continuing on the CPU")
            from ..train.distributed import pick_device

            return work(self.generator(name, settings, device=pick_device("cpu"), status=status))

    def loaded(self) -> list[tuple]:
        with self._lock:
            return list(self._generators)


_shared: list[Engine] = []


def shared_engine() -> Engine:
    """The process-wide engine (Blender keeps one per session)."""
    if not _shared:
        _shared.append(Engine())
    return _shared[0]
