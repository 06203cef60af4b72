"""Tests the board and the deal screen as a seller keeps deals: j/k, long reasons, pickers, delete, merge."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.model.records import Deal
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.ui.deal_card import card
from salesplan_tui.ui.panes.pipeline import DealList

from .conftest import SIZE, OpenedApps
from .test_pipeline import open_board


async def test_j_and_k_move_between_cards_as_in_the_plan_pane(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        column = app.focused
        assert isinstance(column, DealList) and len(column.deal_ids) >= 2
        first = board.current_deal()
        await pilot.press("j")
        assert board.current_deal() is not None and board.current_deal().id == column.deal_ids[1] != first.id
        await pilot.press("k")
        assert board.current_deal().id == first.id


async def test_a_long_lost_reason_is_cut_on_the_card(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        deal = board.current_deal()
        reason = "The customer chose the incumbent's bundle. " * 47  # about 2,000 characters
        app.apply(lambda: deal_ops.close(app.repo, app.clock, deal, won=False, reason=reason))
        await pilot.pause()
        lost = app.repo.get(Deal, deal.id)
        assert lost.lost_reason == reason.strip() or lost.lost_reason == reason  # stored whole
        drawn = card(lost, "Litware", [], app.repo.process.stage(lost.stage), app.today).plain
        assert len(drawn) < 400 and "…" in drawn
        column = next(c for c in app.query(DealList) if deal.id in c.deal_ids)
        shown = column.get_option_at_index(column.deal_ids.index(deal.id)).prompt
        assert "…" in str(shown) and len(str(shown)) < 400
