"""MLD: motion latent diffusion (Chen et al., CVPR 2023), with frame-range
editing by reconstruction guidance and a few-step consistency sampler."""
