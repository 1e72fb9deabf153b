"""Building blocks shared by generators: the residual VQ tokenizer
(``tokenizer``, ``rvq``; MoMask and BAMM) and its config."""
