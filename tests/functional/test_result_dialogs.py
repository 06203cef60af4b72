"""Tests that a result is shown as a message closed with one key, and a question is asked only when it decides."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from salesplan_tui.core.model.records import Deal
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, MessageScreen, ReasonScreen

from .conftest import SIZE, OpenedApps
from .test_palette_exchange import palette
from .test_plan_pane import type_into

BAD = "Opportunity Name,Account Name,Stage,Close Date,Amount\nBig deal,,Prospecting,2026-12-31,1000\n"


def said(screen: object) -> str:
    return " ".join(str(s.render()) for s in screen.query(Static))  # type: ignore[attr-defined]


async def test_an_import_with_bad_rows_is_a_message_with_no_question(demo_path: Path, tmp_path: Path,
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
        assert isinstance(app.screen, MessageScreen) and not isinstance(app.screen, ConfirmScreen)
        text = said(app.screen)
        assert "row 2: the account name is missing" in text and "escape closes" in text
        assert "?" not in text.replace("(a Salesforce", "") and "y yes" not in text
        await pilot.press("y")  # not a question: a yes does nothing
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MessageScreen) and len(app.repo.all(Deal)) == before


async def test_enter_closes_a_message_too(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(MessageScreen("Done", ["It is done."]))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, MessageScreen)
