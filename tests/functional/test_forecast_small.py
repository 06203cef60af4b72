"""Tests the forecast picture at a size too small to draw it: one line that says so, never bars wrapped into rows."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from salesplan_tui.ui.widgets.forecast_view import NEEDS, TOO_NARROW, ForecastView

from .conftest import OpenedApps


def body(app) -> str:
    return str(app.query_one("#forecast-body", Static).render())


async def test_at_40_by_12_the_forecast_says_in_one_line_that_it_needs_more_room(demo_path: Path,
                                                                                   opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("2", "f")
        await pilot.pause()
        view = app.query_one(ForecastView)
        assert view.display and view.scrollable_content_region.width < NEEDS
        said = body(app)
        assert "\n" not in said.strip() and "█" not in said and said.strip()
        assert said.strip() == TOO_NARROW  # whole: it fits at 40 columns


async def test_widened_again_the_bars_come_back(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("2", "f")
        await pilot.pause()
        assert "█" not in body(app)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "█" in body(app) and TOO_NARROW not in body(app)
