"""Provides where a file the app writes ends up, said plainly when the app is shown in a browser (salesplan serve)."""

from __future__ import annotations

SELLERS_MACHINE = " on the seller's machine"


def written_where(app: object) -> str:
    """" on the seller's machine" in a browser: the file is written where salesplan runs, and no copy is downloaded."""
    return SELLERS_MACHINE if getattr(app, "is_web", False) else ""  # Textual's App.is_web: a web driver draws it


def which_file(app: object) -> str:
    """The export dialog's question: in a browser it says the file stays on the seller's machine."""
    if written_where(app):
        return "Write it to which file on the seller's machine? (This browser does not download a copy.)"
    return "Write it to which file?"
