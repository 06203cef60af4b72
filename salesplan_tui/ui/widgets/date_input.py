"""Provides DateInput: a field that reads natural dates ("Friday", "end of Q1") and shows the day it means."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from salesplan_tui.core.dates.parser import FiscalYear, describe, parse_date
from salesplan_tui.core.plan.fiscal_year import fiscal_year
from salesplan_tui.ui.text import assemble
from salesplan_tui.ui.widgets.text_box import TextBox

EXAMPLE_AHEAD = 14  # days: the example day in the placeholder is this far ahead, never one already past


def example(today: dt.date) -> str:
    """The placeholder: two ways to say a day, the second one still to come ('Friday or Dec 21'); 16 characters at
    most, so it fits the box at 80 columns (the preview takes the rest of the line)."""
    ahead = today + dt.timedelta(days=EXAMPLE_AHEAD)
    return f"Friday or {ahead:%b} {ahead.day}"


class DateInput(Horizontal):
    """An input for one day, with a live preview of how it was read."""

    def __init__(self, value: dt.date | None, today: dt.date, *, id: str, placeholder: str | None = None,
                 late: bool = True) -> None:
        super().__init__(id=id, classes="date-input")
        self.today = today
        self.late = late  # whether a past day reads as late (a due date) or just as a day (a period's start)
        self._initial = value.isoformat() if value else ""
        self._placeholder = placeholder if placeholder is not None else example(today)

    def compose(self) -> ComposeResult:
        yield TextBox(self._initial, placeholder=self._placeholder, id=f"{self.id}-text")
        yield Static(id=f"{self.id}-preview", classes="date-preview")

    def on_mount(self) -> None:
        self._preview(self._initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def on_descendant_focus(self) -> None:
        # Into a date already there, the box selects it (whatever put it there), so typing a new one replaces it.
        box = self.query_one(Input)
        if box.value:
            box.select_all()

    def _preview(self, text: str) -> None:
        preview = self.query_one(f"#{self.id}-preview", Static)
        if not text.strip():
            preview.update("")
            return
        day = parse_date(text, self.today, fiscal=self._fiscal())
        preview.update(assemble(("→ " + describe(day, self.today, late=self.late), "$success")) if day
                       else assemble(("✗ not a date", "$error")))

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    @property
    def value(self) -> dt.date | None:
        return parse_date(self.text, self.today, fiscal=self._fiscal())

    def _fiscal(self) -> FiscalYear | None:
        """The fiscal year the workspace's goals run on, for "end of FY" (None before a workspace is open)."""
        repo = getattr(self.app, "repo", None)
        return fiscal_year(repo, self.today) if repo is not None else None

    def set_value(self, day: dt.date | None) -> None:
        self.query_one(Input).value = day.isoformat() if day else ""
