"""Tests that the board and the accounts never add one currency into another: each is summed and shown apart."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from salesplan_tui.core.model.change import Change, revise
from salesplan_tui.core.model.records import Deal, StageKind
from salesplan_tui.ui.panes.pipeline import PipelinePane

from .conftest import SIZE, OpenedApps


def _make_one_deal_euros(path: Path, opened: OpenedApps) -> Deal:
    repo = opened.repo(path)
    process = repo.process
    deal = next(d for d in repo.all(Deal) if (s := process.stage(d.stage)) is not None and s.kind == StageKind.OPEN)
    repo.apply(Change("a euro deal", (revise(deal, value=58_000.0, currency="EUR"),)))
    repo.close()
    return deal


async def test_a_euro_deal_is_summed_apart_from_the_dollars(demo_path: Path, opened: OpenedApps) -> None:
    deal = _make_one_deal_euros(demo_path, opened)
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        board = app.query_one(PipelinePane)
        summary = str(board.query_one("#pipeline-summary", Static).render())
        assert "+ €58k" in summary, summary  # the dollars first, then the euros, never one sum
        headers = " ".join(str(h.render()) for h in board.query(".column-header"))
        assert "€58k" in headers, headers  # its own column says it too
        assert deal.stage in headers
