"""The library version, recorded in every decision for reproducibility."""

__version__ = "0.1.0"
