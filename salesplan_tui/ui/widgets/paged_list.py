"""Provides PagedList: a list that draws its options a page at a time, the next as the cursor nears the last."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.widgets.option_list import Option

from salesplan_tui.ui.widgets.kept_list import KeptList

NEAR_END = 5  # options from the last drawn one at which the next page is drawn


class PagedList(KeptList):
    """A list of hundreds or thousands of rows that makes options only for what is looked at.

    `show(rows, make, page)` draws the first `page` rows (each made into an option, or None for a divider) and
    keeps the rest; moving the cursor near the end draws the next page, and `show_index` draws up to a row.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page = 16
        self.pending: list[Any] = []
        self.make: Callable[[Any], Option | None] = lambda row: row

    def show(self, rows: Sequence[Any], make: Callable[[Any], Option | None], page: int) -> None:
        self.make, self.page = make, page
        self.pending = list(rows[page:])
        self.set_options([make(row) for row in rows[:page]])

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.pending and highlighted >= self.option_count - NEAR_END:
            self.draw_more()

    def draw_more(self) -> None:
        batch, self.pending = self.pending[:self.page], self.pending[self.page:]
        self.add_options([self.make(row) for row in batch])

    def show_index(self, index: int) -> None:
        """Draws up to the row at index and puts the cursor on it."""
        while index >= self.option_count and self.pending:
            self.draw_more()
        if index < self.option_count:
            self.highlighted = index
