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
