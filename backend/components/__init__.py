"""Building blocks shared by generators: the residual VQ tokenizer
(``tokenizer``, ``rvq``; MoMask and BAMM), its config, and clip <-> code
helpers (``token_clips``); the length estimator (``length``; MoMask, MLD)."""
