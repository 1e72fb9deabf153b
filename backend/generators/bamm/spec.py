"""BAMM's declaration for the registry (plain data, no torch)."""

from ..spec import GeneratorSpec, PackSpec

SPEC = GeneratorSpec(
    name="bamm",
    label="BAMM",
    description="autoregressive + bidirectional token transformer: picks its own length, edits natively, extends past one window",
    paper="Pinyoanuntapong et al., BAMM: Bidirectional Autoregressive Motion Model, ECCV 2024",
    factory=".bamm.generator:BAMMGenerator",
    options=".bamm.options:BAMMOptions",
    tiny=".bamm.generator:tiny_generator",
    pack_file="bamm.json",
    cli=".bamm.cli",
    library=".bamm.library",
    order=20,
    predicts_length=True,
    edits_natively=True,
    reconstructs=True,
    min_frames=24,
    max_frames=196,
    longest_frames=1200,  # 60 s: windows of 196 frames, each conditioned on the end of the one before
    text_encoder="minilm",
    text_input="pooled",
    packs=(
        PackSpec("default", "Default (non-commercial)", "Trained on CMU + Bandai-Namco motion: CC BY-NC 4.0, non-commercial use only"),
        PackSpec("cmu", "CMU only (commercial use)", "Trained on CMU motion capture only: commercial use allowed (the data itself may not be resold)"),
    ),
    ui_options=(("guidance", "guidance"), ("steps", "refine_passes")),
)
