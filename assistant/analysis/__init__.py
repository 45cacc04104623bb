"""Deterministic, explainable checks and extractors; no I/O, no model."""
