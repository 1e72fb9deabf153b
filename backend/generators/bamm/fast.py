"""BAMM's GPU fast path: the key/value cache as static buffers and one CUDA
graph per batch size for a one-position ``feed`` (``GraphedDecoder``), or
one CUDA graph per whole decoding pass (``GraphedPasses``).

The eager cache attends to the keys written so far; here every call
attends to the whole buffer with the keys not yet written masked out, so
shapes never change and a decoding step is one graph replay (the
autoregressive pass is ~50 of them, the refinement ~50 more). The prefix is
always the text plus all condition slots (none visible in an
autoregressive pass), run eagerly once per pass. Same kernels' math as the
eager path up to float rounding (a rounding difference could flip a sampled
token).

``GraphedPasses`` records the samplers' sync-free passes
(``autoregressive_pass``, ``refill_pass``: every step, the guidance and the
top-k draw included) over a ``GraphedDecoder``'s static steps run eagerly
inside the capture (the prefix included), so a pass is one replay instead
of ~50 replays plus ~25 small eager kernels each, launched from Python. A
refill pass scores every position (the eager loop only those a row
regenerates), an autoregressive one every step (no early exit).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import torch

from ...samplers.autoregressive import autoregressive_noise, autoregressive_pass, refill_noise, refill_pass
from .transformer import BAMMTransformer, DecodeState

COMPILE_BACKEND = "inductor"  # torch.compile's backend for ``compiled`` steps (tests trace with "eager": no compiler)
_KEPT = 16  # whole-pass graphs kept (least recently used dropped: each option value of a sweep records one)


class _StaticCache:
    """One layer's keys and values; ``extend`` writes at ``index`` and returns the whole buffer."""

    def __init__(self, k: torch.Tensor, v: torch.Tensor, index: torch.Tensor) -> None:
        self.k, self.v, self.index = k, v, index

    def extend(self, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        self.k.index_copy_(2, self.index, k)
        self.v.index_copy_(2, self.index, v)
        return self.k, self.v


@dataclass
class _Buffers:
    k: list[torch.Tensor]
    v: list[torch.Tensor]
    visible: torch.Tensor  # (B, prefix) keys of the prefix that may be attended
    ids: torch.Tensor  # (B, 1) the token fed
    position: torch.Tensor  # (1,) its stream position
    column: torch.Tensor  # (1,) its cache column
    logits: torch.Tensor | None = None
    graph: torch.cuda.CUDAGraph | None = None


class GraphedDecoder:
    """``compiled``: the step's layers go through ``torch.compile`` (fused
    kernels: fewer launches per step; compiled on first use, tens of
    seconds), inside or outside a CUDA graph alike."""

    def __init__(self, net: BAMMTransformer, *, graphs: bool = True, compiled: bool = False) -> None:
        self.net = net
        self.graphs = graphs  # False: the same static-buffer steps run eagerly (tests on the CPU)
        self.compiled = compiled
        self._layers = torch.compile(self._step_layers, dynamic=False, backend=COMPILE_BACKEND) if compiled else self._step_layers
        self.prefix = 1 + net.slots
        self.size = self.prefix + net.slots - 1
        self._buffers: dict[int, _Buffers] = {}

    def _allocate(self, batch: int, device, dtype) -> _Buffers:
        config = self.net.config
        shape = (batch, config.heads, self.size, config.width // config.heads)
        return _Buffers(k=[torch.zeros(shape, device=device, dtype=dtype) for _ in self.net.blocks],
                        v=[torch.zeros(shape, device=device, dtype=dtype) for _ in self.net.blocks],
                        visible=torch.zeros(batch, self.prefix, dtype=torch.bool, device=device),
                        ids=torch.zeros(batch, 1, dtype=torch.long, device=device),
                        position=torch.ones(1, dtype=torch.long, device=device),
                        column=torch.full((1,), self.prefix, dtype=torch.long, device=device))

    def _step(self, b: _Buffers) -> torch.Tensor:
        return self._layers(b.ids, b.position, b.column, b.visible, b.k, b.v)

    def _step_layers(self, ids: torch.Tensor, position: torch.Tensor, column: torch.Tensor, visible: torch.Tensor,
                     ks: list[torch.Tensor], vs: list[torch.Tensor]) -> torch.Tensor:
        """One stream position through every layer (its keys and values written at ``column``) -> logits (B, V)."""
        net = self.net
        x = net.embed(ids) + net.position.index_select(1, position) + net.segment[2]
        stream = torch.arange(1, self.size - self.prefix + 1, device=x.device)
        allow = torch.cat([visible, (stream <= position)[None].expand(len(ids), -1)], 1)[:, None, :]
        for block, k, v in zip(net.blocks, ks, vs):
            x = block(x, allow, _StaticCache(k, v, column))
        return net.head(net.norm(x[:, 0]))

    def _record(self, b: _Buffers) -> None:
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(2):
                self._step(b)
        torch.cuda.current_stream().wait_stream(side)
        b.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(b.graph):
            b.logits = self._step(b)

    @torch.no_grad()
    def start(self, text: torch.Tensor, context: torch.Tensor | None, visible: torch.Tensor | None) -> tuple[DecodeState, torch.Tensor]:
        net = self.net
        batch = len(text)
        if context is None:
            context = torch.full((batch, net.slots), net.mask_id, dtype=torch.long, device=text.device)
            visible = torch.zeros(batch, net.slots, dtype=torch.bool, device=text.device)
        x = net._prefix(text, context)
        if batch not in self._buffers:
            self._buffers[batch] = self._allocate(batch, x.device, x.dtype)
        b = self._buffers[batch]
        b.visible.copy_(torch.cat([torch.ones(batch, 1, dtype=torch.bool, device=x.device), visible], 1))
        allow = torch.zeros(batch, self.prefix, self.size, dtype=torch.bool, device=x.device)
        allow[:, :, : self.prefix] = b.visible[:, None, :]
        index = torch.arange(self.prefix, device=x.device)
        for block, k, v in zip(net.blocks, b.k, b.v):
            x = block(x, allow, _StaticCache(k, v, index))
        if b.graph is None and self.graphs:
            self._record(b)
        return DecodeState(caches=[], visible=b.visible), net.head(net.norm(x[:, 0]))

    @torch.no_grad()
    def feed(self, state: DecodeState, inputs: torch.Tensor) -> torch.Tensor:
        b = self._buffers[len(inputs)]
        out = []
        for c in range(inputs.shape[1]):
            b.ids.copy_(inputs[:, c: c + 1])
            b.position.fill_(state.fed + 1)
            b.column.fill_(self.prefix + state.fed)
            if self.graphs:
                b.graph.replay()
                out.append(b.logits.clone())
            else:
                out.append(self._step(b))
            state.fed += 1
        return torch.stack(out, 1)


@dataclass
class _Pass:
    inputs: list[torch.Tensor]  # static copies of the pass's tensor arguments
    outputs: tuple[torch.Tensor, ...]
    graph: torch.cuda.CUDAGraph


class GraphedPasses:
    """``autoregressive`` and ``refill`` with the samplers' signatures (less
    ``start``/``feed``), each pass one CUDA graph replay. A graph is recorded
    on first use per key: what its capture bakes in (batch size, free or
    fixed length, the token ids and bounds, guidance, keep_fraction,
    temperature); its inputs (condition, noise, lengths, tokens, given mask)
    are static buffers copied in, its outputs cloned out. The noise is drawn
    outside the graph exactly as the eager loops draw it, so a seed gives the
    eager tokens up to float rounding. ``graphs=False``: the same passes run
    uncaptured (tests on the CPU). A key whose capture fails runs its pass
    with ``steps`` (start, feed), e.g. a per-step ``GraphedDecoder``'s.
    Every pass of one batch size shares the decoder's buffers (passes run
    one after another on one stream)."""

    def __init__(self, net: BAMMTransformer, *, graphs: bool = True, steps: tuple[Callable, Callable] | None = None,
                 compiled: bool = False) -> None:
        self.decoder = GraphedDecoder(net, graphs=False, compiled=compiled)  # its static-buffer steps are captured inside each pass
        self.graphs = graphs
        self.steps = steps or (self.decoder.start, self.decoder.feed)
        self._passes: OrderedDict[tuple, _Pass | None] = OrderedDict()  # None: capture failed

    def autoregressive(self, condition: torch.Tensor, generator: torch.Generator, *, lengths: torch.Tensor | None = None,
                       **rules) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        noise = autoregressive_noise(len(condition), generator, condition.device, end_id=rules["end_id"], max_tokens=rules["max_tokens"])
        inputs = [condition, noise] + ([] if lengths is None else [lengths.to(condition.device)])

        def run(start, feed, condition, noise, lengths=None):
            return autoregressive_pass(start, feed, condition, noise, lengths=lengths, **rules)

        return self._run(("autoregressive", tuple(condition.shape), lengths is None, *sorted(rules.items())), run, inputs)

    def refill(self, condition: torch.Tensor, tokens: torch.Tensor, given: torch.Tensor, generator: torch.Generator,
               **rules) -> tuple[torch.Tensor, torch.Tensor]:
        noise = refill_noise(tokens, generator, end_id=rules["end_id"])

        def run(start, feed, condition, tokens, given, noise):
            return refill_pass(start, feed, condition, tokens, given, noise, **rules)

        return self._run(("refill", tuple(condition.shape), tuple(tokens.shape), *sorted(rules.items())), run, [condition, tokens, given, noise])

    def all_recorded(self) -> bool:
        """Whether every pass used so far replays a graph (none fell back to ``steps``)."""
        return all(recorded is not None for recorded in self._passes.values())

    def _run(self, key: tuple, run: Callable, inputs: list[torch.Tensor]) -> tuple[torch.Tensor, ...]:
        if not self.graphs:
            return run(self.decoder.start, self.decoder.feed, *inputs)
        if key not in self._passes:
            self._passes[key] = self._record(run, inputs)
            while len(self._passes) > _KEPT:
                self._passes.popitem(last=False)
        self._passes.move_to_end(key)
        recorded = self._passes[key]
        if recorded is None:
            return run(*self.steps, *inputs)
        for buffer, value in zip(recorded.inputs, inputs):
            buffer.copy_(value)
        recorded.graph.replay()
        return tuple(out.clone() for out in recorded.outputs)

    @torch.no_grad()
    def _record(self, run: Callable, inputs: list[torch.Tensor]) -> _Pass | None:
        """Warm up on a side stream (also allocates the decoder's buffers), then capture."""
        static = [x.clone() for x in inputs]
        try:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                run(self.decoder.start, self.decoder.feed, *static)
            torch.cuda.current_stream().wait_stream(side)
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                outputs = run(self.decoder.start, self.decoder.feed, *static)
        except Exception:  # noqa: BLE001 - the per-step path always works
            return None
        return _Pass(static, outputs, graph)
