"""ReMoDiffuse: retrieval-augmented motion diffusion (Zhang et al., ICCV 2023),
with frame-range editing by inpainting in motion space."""
