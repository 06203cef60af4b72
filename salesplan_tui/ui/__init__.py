"""Provides the Textual app: a thin shell over the domain core."""
