"""MoMask (Guo et al., CVPR 2024): residual VQ tokenizer, masked transformer for
the base tokens, residual transformer for the rest, length estimator."""
