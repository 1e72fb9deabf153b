"""MLD's declaration for the registry (plain data, no torch)."""

from ..spec import GeneratorSpec, PackSpec

SPEC = GeneratorSpec(
    name="mld",
    label="MLD",
    description="latent diffusion over a one-token motion VAE: DDIM with guidance, a 1-4 step distilled sampler, edits by reconstruction guidance",
    paper="Chen et al., Executing your Commands via Motion Diffusion in Latent Space (MLD), CVPR 2023",
    factory=".mld.generator:MLDGenerator",
    options=".mld.options:MLDOptions",
    tiny=".mld.generator:tiny_generator",
    pack_file="mld.json",
    cli=".mld.cli",
    library=".mld.library",
    order=30,
    predicts_length=True,  # its own length estimator (an MLP on the sentence vector, as MoMask's)
    edits_natively=False,
    reconstructs=True,
    min_frames=24,
    max_frames=196,
    text_encoder="minilm",
    text_input="pooled",
    packs=(
        PackSpec("default", "Default (non-commercial)", "Trained on CMU + Bandai-Namco motion: CC BY-NC 4.0, non-commercial use only"),
        PackSpec("cmu", "CMU only (commercial use)", "Trained on CMU motion capture only: commercial use allowed (the data itself may not be resold)"),
    ),
    ui_options=(("guidance", "guidance"), ("steps", "steps")),
    bench_steps=(1, 2, 4),  # the consistency student's rows beside the 50-step DDIM one
    bench_edit_variants=(("crossfade", (("edit_guidance", 0.0),)),),  # the baseline: generate freely, then cross-fade
)
