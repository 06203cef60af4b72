"""Provides the team's forecast picture: the weighted forecast by expected close month, drawn as the Pipeline's is."""

from __future__ import annotations

from textual.widgets import Static

from salesplan_tui.core.team.rollup import TeamTotals
from salesplan_tui.ui.text import assemble, money
from salesplan_tui.ui.widgets.forecast_view import bar_of, others_note


class TeamForecast(Static):
    """Bars of block characters for each month (the forecast view's own bars), each other currency said apart."""

    def draw(self, totals: TeamTotals) -> None:
        months = totals.months
        top = max([b.weighted for b in months] + [1.0])
        parts: list = [("Team forecast: weighted, by expected close month", "bold"), ("  (late deals count now)\n", "dim")]
        for bar in months:
            parts += [f"{bar.label:<9} {bar.deals:>4} ", (bar_of(bar.weighted, top), "$accent"),
                      f" {money(bar.weighted)}{others_note(bar, weighted=True)}",
                      (f"  of {money(bar.value)}{others_note(bar, weighted=False)}\n", "dim")]
        if not months:
            parts.append(("No rep could be read: nothing to forecast.", "dim"))
        self.update(assemble(*parts))
