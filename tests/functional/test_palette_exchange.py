"""Tests importing a CRM export and exporting the plan from the command palette, as a seller would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets import Static

from salesplan_tui.core.model.records import Deal
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, ReasonScreen
from salesplan_tui.ui.screens.import_preview import ImportPreviewScreen

from .conftest import SIZE, OpenedApps, wait_until
from .test_plan_pane import type_into

CSV = ("Opportunity Name,Account Name,Amount,Stage,Close Date,Probability (%),Opportunity ID\n"
       '"Tailspin: pilot, phase 1",Tailspin Toys,"$12,500.00",Qualification,12/18/2026,10,006A000001\n')


def searched(palette: Screen[Any]) -> bool:
    """The palette's search for what was typed has finished (its worker is done) and found a command."""
    return (not any(w.node is palette and not w.is_finished for w in palette.app.workers)
            and palette.query_one(CommandList).option_count > 0)


async def palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause()
    shown = pilot.app.screen
    assert isinstance(shown, CommandPalette)
    await wait_until(pilot, lambda: searched(shown), f"the palette to find {words!r}")  # it searches in a worker
    await pilot.press("enter")
    await pilot.pause()


async def test_import_deals_from_csv_shows_the_dry_run_then_imports_in_one_step(demo_path: Path, tmp_path: Path,
        opened: OpenedApps) -> None:
    export = tmp_path / "deals.csv"
    export.write_text(CSV, encoding="utf-8-sig")
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(app.repo.all(Deal))
        await palette(pilot, "import deals")
        assert isinstance(app.screen, ReasonScreen)
        await type_into(pilot, "#reason", str(export))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "salesforce" in shown and "1 to create" in shown
        assert len(app.repo.all(Deal)) == before  # a dry run first: nothing written yet
        await pilot.press("y")
        await pilot.pause()
        assert len(app.repo.all(Deal)) == before + 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.repo.all(Deal)) == before


async def test_export_the_plan_as_markdown_from_the_palette(demo_path: Path, tmp_path: Path,
        opened: OpenedApps) -> None:
    target = tmp_path / "plan.md"
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await palette(pilot, "export the plan")
        assert isinstance(app.screen, ReasonScreen)
        await type_into(pilot, "#reason", str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert target.exists() and "Quarterly business reviews with executive sponsors" in target.read_text()
        await palette(pilot, "export the plan")
        await type_into(pilot, "#reason", str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # it exists: replace only on a yes
        await pilot.press("n")
