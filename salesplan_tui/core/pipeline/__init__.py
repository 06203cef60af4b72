"""Provides the pipeline: deals and their stage moves, what moved between two moments, the forecast and the deal list."""
