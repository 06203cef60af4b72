"""Tests that a result asks no question: a yes/no is asked only when the answer decides something."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from salesplan_tui.core.model.records import Deal
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, ReasonScreen

from .conftest import SIZE, OpenedApps
from .test_palette_exchange import palette
from .test_plan_pane import type_into

BAD = "Opportunity Name,Account Name,Stage,Close Date,Amount\nBig deal,,Prospecting,2026-12-31,1000\n"


def said(screen: object) -> str:
    return " ".join(str(s.render()) for s in screen.query(Static))  # type: ignore[attr-defined]


async def test_an_import_with_bad_rows_asks_no_yes_or_no(demo_path: Path, tmp_path: Path,
                                                         opened: OpenedApps) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(BAD)
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(app.repo.all(Deal))
        await palette(pilot, "import deals")
        assert isinstance(app.screen, ReasonScreen)
        await type_into(pilot, "#reason", str(export))
        await pilot.press("enter")
        await pilot.pause()
        text = said(app.screen)
        assert "the account name is missing" in text
        assert not isinstance(app.screen, ConfirmScreen) and "Close?" not in text and "y yes" not in text
        await pilot.press("y")  # nothing to say yes to: nothing is written
        await pilot.pause()
        assert len(app.repo.all(Deal)) == before
