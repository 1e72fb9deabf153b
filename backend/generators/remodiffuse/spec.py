"""ReMoDiffuse's declaration for the registry (plain data, no torch)."""

from ..spec import GeneratorSpec, PackSpec

SPEC = GeneratorSpec(
    name="remodiffuse",
    label="ReMoDiffuse",
    description="retrieval-augmented diffusion in motion space: looks up similar training clips, mixes text and retrieval guidance, edits by inpainting",
    paper="Zhang et al., ReMoDiffuse: Retrieval-Augmented Motion Diffusion Model, ICCV 2023",
    factory=".remodiffuse.generator:RemoGenerator",
    options=".remodiffuse.options:RemoOptions",
    tiny=".remodiffuse.generator:tiny_generator",
    pack_file="remodiffuse.json",
    cli=".remodiffuse.cli",
    library=".remodiffuse.library",
    order=40,
    predicts_length=True,  # a length estimator in the pack (an MLP on the sentence vector, as MLD's)
    edits_natively=True,  # inpainting in motion space at every DDIM step
    reconstructs=False,
    min_frames=24,
    max_frames=196,
    text_encoder="minilm",
    text_input="pooled",
    packs=(
        PackSpec("default", "Default (non-commercial)", "Trained on CMU + Bandai-Namco motion, retrieves from them: CC BY-NC 4.0, non-commercial use only"),
        PackSpec("cmu", "CMU only (commercial use)", "Trained on and retrieves from CMU motion capture only: commercial use allowed (the data itself may not be resold)"),
    ),
    ui_options=(("guidance", "guidance"), ("steps", "steps")),
    bench_steps=(10, 12),  # fewer-step rows beside the default 20-step one
    # the ablation: no database lookup; the denoiser in bfloat16 (what the CPU fast path runs)
    bench_variants=(("noretrieval", (("retrieval", False),)), ("bf16", (("bf16", True),))),
)
