"""Provides the forecast view: value and weighted value by stage, the weighted forecast by closing month, coverage."""

from __future__ import annotations

import datetime as dt

from textual.containers import VerticalScroll
from textual.widgets import Static

from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.pipeline import forecast
from salesplan_tui.ui.text import assemble, money, shown

BAR = 32  # the longest bar, in cells: fits beside its labels at 80 columns
# A row's label, its deal count, the bar and an amount: any narrower and every row wraps into the next.
NEEDS = 19 + BAR + 12
TOO_NARROW = f"The forecast needs {NEEDS} columns"  # short enough to be whole at 40 columns


class ForecastView(VerticalScroll):
    """Bars drawn from block characters: Textual's own text is enough for a few rows, and needs no chart library."""

    _drawn: tuple[WorkspaceView, dt.date] | None = None

    def compose(self):
        yield Static(id="forecast-body")

    def on_resize(self) -> None:
        if self._drawn is not None:
            self.draw(*self._drawn)

    def draw(self, view: WorkspaceView, today: dt.date) -> None:
        self._drawn = view, today
        width = self.scrollable_content_region.width
        if 0 < width < NEEDS:  # 0: not laid out yet; drawn again when it is (on_resize)
            said = TOO_NARROW if len(TOO_NARROW) <= width else TOO_NARROW[:max(width - 1, 0)] + "…"
            self.query_one("#forecast-body", Static).update(assemble((said, "dim")))
            return
        stages, months = forecast.by_stage(view), forecast.by_month(view, today)
        target = forecast.bookings_target(view, today)
        top = max([b.value for b in stages] + [b.weighted for b in months] + [1.0])
        parts: list = [("Open pipeline by stage", "bold"), ("   value ", "dim"), ("█", "$primary"),
                       ("  weighted ", "dim"), ("█", "$accent"), "\n"]
        for bar in stages:
            parts += [shown(f"{bar.label[:14]:<14}"), f" {bar.deals:>3} ", (bar_of(bar.value, top), "$primary"),
                      f" {money(bar.value)}{others_note(bar, weighted=False)}\n", " " * 19, (bar_of(bar.weighted, top), "$accent"),
                      (f" {money(bar.weighted)}{others_note(bar, weighted=True)}\n", "dim")]
        parts += ["\n", ("Weighted forecast by expected close month", "bold"), ("  (late deals count now)\n", "dim")]
        for bar in months:
            parts += [f"{bar.label:<14} {bar.deals:>3} ", (bar_of(bar.weighted, top), "$accent"),
                      f" {money(bar.weighted)}{others_note(bar, weighted=True)}",
                      (f"  of {money(bar.value)}{others_note(bar, weighted=False)}\n", "dim")]
        if target is not None:
            covered = target.coverage
            style = "$success" if covered >= 1 else "$warning" if covered >= 0.5 else "$error"
            parts += ["\n", ("Against the objective it serves\n", "bold"), shown(target.title),
                      (f"  by {day_label(target.due, today)}\n", "dim"),
                      f"still to book {money(target.remaining)} · weighted pipeline closing by then "
                      f"{money(target.weighted)} · ", (f"covers {covered:.0%}", f"bold {style}")]
        self.query_one("#forecast-body", Static).update(assemble(*parts))


def bar_of(value: float, top: float) -> str:
    cells = round(BAR * value / top) if top else 0
    return "█" * cells + "·" * (BAR - cells)


def others_note(bar: forecast.Bar, *, weighted: bool) -> str:
    """The bar's deals in other currencies, each summed apart: ' + €58k'; empty when it has none."""
    return "".join(f" + {money(w if weighted else v, currency)}" for currency, v, w in bar.others)
