"""``python -m backend bench``: quality and speed of every registered generator."""
