"""Per-source readers: which takes exist, their splits and texts (``specs``),
and how one take becomes canonical joint positions at 20 fps."""
