"""One training harness for every model (``harness.Trainer``)."""
