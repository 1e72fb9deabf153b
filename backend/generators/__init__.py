"""Generators behind one interface (``base.Generator``); the registry lists them."""
