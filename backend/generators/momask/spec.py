"""MoMask's declaration for the registry (plain data, no torch)."""

from ..spec import GeneratorSpec, PackSpec

SPEC = GeneratorSpec(
    name="momask",
    label="MoMask",
    description="masked transformer over residual VQ tokens",
    paper="Guo et al., MoMask: Generative Masked Modeling of 3D Human Motions, CVPR 2024",
    factory=".momask.generator:MoMaskGenerator",
    options=".momask.options:MoMaskOptions",
    tiny=".momask.generator:tiny_generator",
    pack_file="momask.json",
    cli=".momask.cli",
    library=".momask.library",
    order=10,
    predicts_length=True,
    edits_natively=True,
    reconstructs=True,
    min_frames=24,
    max_frames=196,
    text_encoder="minilm",
    text_input="pooled",
    packs=(
        PackSpec("default", "Default (non-commercial)", "Trained on CMU + Bandai-Namco motion: CC BY-NC 4.0, non-commercial use only"),
        PackSpec("cmu", "CMU only (commercial use)", "Trained on CMU motion capture only: commercial use allowed (the data itself may not be resold)"),
    ),
    ui_options=(("guidance", "base_guidance"), ("steps", "steps")),
)
