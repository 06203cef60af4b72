"""Provides salesplan: a keyboard-driven terminal workspace for a seller's year."""

__version__ = "0.1.0"
