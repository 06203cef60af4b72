"""Provides the words the coach asks back with when an answer is not yet a plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

ASKS = {
    "owner": "who exactly will do it",
    "target": "who exactly is it aimed at",
    "outcome": "what result must it get",
    "due": "by what day",
}


class _Flagged(Protocol):
    """A flag as the question reads it (read-only, so a frozen Flag is one)."""

    @property
    def text(self) -> str: ...
    @property
    def element(self) -> str: ...
    @property
    def ask(self) -> str: ...


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + (", and " if len(parts) > 2 else " and ") + parts[-1]


def ask(missing: Sequence[str], *, flags: Sequence[_Flagged] = (), empty: bool = False) -> str:
    """Says what a manager would ask back: "What does that mean? Who exactly is it aimed at, and by what day?"."""
    if empty:
        return "What's next? Say who will do what, with whom, for what result, by what day."
    opening = "What does that mean?"
    if "commitment" in missing:
        hedges = [f.text for f in flags if f.element == "commitment" and f.text != "?"]
        said = f' "{hedges[0]}" is a maybe.' if hedges else ""
        opening = f"Is that a promise or a maybe?{said} Say what will happen."
    own = {f.element: f.ask for f in flags if f.ask}
    asks = [own.get(e) or ASKS[e] for e in missing if e in ASKS]
    if not asks:
        return opening
    sentence = _join(asks)
    return f"{opening} {sentence[0].upper()}{sentence[1:]}?"

