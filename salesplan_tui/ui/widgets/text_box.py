"""Provides TextBox: the one-line text box that shows control characters visibly instead of sending them to the terminal."""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from salesplan_tui.core.base.visible import visible


class ShowControls(Highlighter):
    """Draws a pasted or stored ESC as ␛ (one character for one, so the cursor stays where it is); the value is kept."""

    def highlight(self, text: Text) -> None:
        text.plain = visible(text.plain)


SHOW_CONTROLS = ShowControls()


class TextBox(Input):
    """Every text box of the app: what it holds is the user's text exactly, what it draws is safe for a terminal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", SHOW_CONTROLS)
        super().__init__(*args, **kwargs)

