"""Bench rows of one generator at other sampling settings the artist can pick."""

from __future__ import annotations


class WithSteps:
    """The generator sampled with ``steps`` steps (the sidebar's steps value,
    mapped through the spec's ``ui_options``) on every call."""

    def __init__(self, generator, steps: int) -> None:
        self.generator, self.steps = generator, steps
        self.name = f"{generator.name}_steps{steps}"

    def __getattr__(self, name):  # spec, min_frames, accelerate, ... of the generator
        return getattr(self.generator, name)

    def generate(self, prompts, options=None, *, seed: int):
        return self.generator.generate(prompts, self.generator.options(options, steps=self.steps), seed=seed)


class WithOptions:
    """The generator sampled with fixed per-call option values (a spec's
    ``bench_variants`` entry) over its defaults on every call."""

    def __init__(self, generator, variant: str, values: dict) -> None:
        self.generator, self.values = generator, dict(values)
        self.name = f"{generator.name}_{variant}"

    def __getattr__(self, name):
        return getattr(self.generator, name)

    def generate(self, prompts, options=None, *, seed: int):
        base = self.generator.options(options)
        return self.generator.generate(prompts, base.override(**self.values), seed=seed)

    def edit(self, source, keep, text, options=None, *, seed: int):
        return self.generator.edit(source, keep, text, self.generator.options(options).override(**self.values), seed=seed)

    def edit_many(self, sources, keeps, texts, options=None, *, seeds):
        return self.generator.edit_many(sources, keeps, texts, self.generator.options(options).override(**self.values), seeds=seeds)


def variant_of(generator, task: str):
    """``task`` (``steps<N>`` or a spec's bench variant) -> the wrapped generator."""
    if task.startswith("steps"):
        return WithSteps(generator, int(task[5:]))
    if task.startswith("inbetween_"):
        variant = task[len("inbetween_"):]
        values = dict(generator.spec.bench_edit_variants).get(variant)
        if values is None:
            raise ValueError(f"{generator.name} has no edit bench variant {variant!r}")
        return WithOptions(generator, variant, dict(values))
    variants = dict(generator.spec.bench_variants)
    if task not in variants:
        raise ValueError(f"{generator.name} has no bench variant {task!r}")
    return WithOptions(generator, task, dict(variants[task]))
