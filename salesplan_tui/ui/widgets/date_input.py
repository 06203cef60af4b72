"""Provides DateInput: a field that reads natural dates ("Friday", "end of Q1") and shows the day it means."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from salesplan_tui.core.dates.parser import describe, parse_date
from salesplan_tui.ui.text import assemble
from salesplan_tui.ui.widgets.text_box import TextBox


class DateInput(Horizontal):
    """An input for one day, with a live preview of how it was read."""

    def __init__(self, value: dt.date | None, today: dt.date, *, id: str, placeholder: str = "Friday, Dec 4, end of Q1…",
                 late: bool = True) -> None:
        super().__init__(id=id, classes="date-input")
        self.today = today
        self.late = late  # whether a past day reads as late (a due date) or just as a day (a period's start)
        self._initial = value.isoformat() if value else ""
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield TextBox(self._initial, placeholder=self._placeholder, id=f"{self.id}-text")
        yield Static(id=f"{self.id}-preview", classes="date-preview")

    def on_mount(self) -> None:
        self._preview(self._initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, text: str) -> None:
        preview = self.query_one(f"#{self.id}-preview", Static)
        if not text.strip():
            preview.update("")
            return
        day = parse_date(text, self.today)
        preview.update(assemble(("→ " + describe(day, self.today, late=self.late), "$success")) if day
                       else assemble(("✗ not a date", "$error")))

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    @property
    def value(self) -> dt.date | None:
        return parse_date(self.text, self.today)

    def set_value(self, day: dt.date | None) -> None:
        self.query_one(Input).value = day.isoformat() if day else ""
