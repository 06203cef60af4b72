"""Tests the pipeline board from the keyboard: stage moves with history, next steps through the coach, lost reasons."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, SelectionList, Static

from salesplan_tui.core.model.records import Account, Action, Deal, SalesProcess
from salesplan_tui.ui.panes.pipeline import DealList, PipelinePane
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.deal_screen import DealScreen
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, PickScreen, ReasonScreen
from salesplan_tui.ui.screens.process_editor import ProcessEditor
from salesplan_tui.ui.screens.stage_move import StageMoveScreen

from .conftest import SIZE, OpenedApps, find, reopen
from .test_plan_pane import type_into


async def open_board(pilot) -> PipelinePane:
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    await pilot.pause()
    return pilot.app.query_one(PipelinePane)


async def add_step(pilot, sentence: str) -> None:
    await pilot.press("n")
    assert isinstance(pilot.app.screen, PickScreen)
    await pilot.press("down", "enter")  # "Write my own"
    assert isinstance(pilot.app.screen, ActionForm)
    await type_into(pilot, "#sentence", sentence)
    await pilot.press("enter", "ctrl+s")
    await pilot.pause()


async def test_move_a_deal_and_add_two_next_steps(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        deal = board.current_deal()
        assert deal is not None and deal.stage == "Prospect" and deal.title == "Litware: trading desk pilot"
        await pilot.press("shift+right")
        assert isinstance(app.screen, StageMoveScreen)
        criteria = app.screen.query_one("#criteria", SelectionList)
        assert "A named contact agreed to a discovery call" in str(criteria.get_option_at_index(0).prompt)
        assert criteria.selected == []  # unticked until the seller confirms each
        await pilot.press("y")
        assert isinstance(app.screen, StageMoveScreen)  # not moved: nothing confirmed yet
        for _ in range(criteria.option_count):
            await pilot.press("space", "down")
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        moved = app.repo.get(Deal, deal.id)
        assert moved.stage == "Discovery" and moved.stage_history[-1].stage == "Discovery"
        assert board.current_deal().id == deal.id  # the cursor follows the deal
        # What was done and what it lacks, in one toast (each toast is a frame of its own after the key).
        said = [n.message for n in app._notifications]
        assert said == ["Moved to Discovery. Fewer than two next steps: press n to add what's next."], said

        await add_step(pilot, "I'll touch base with them soon")
        assert isinstance(app.screen, ActionForm)  # refused as vague
        verdict = str(app.screen.query_one("#verdict", Static).render())
        assert "What does that mean?" in verdict
        await type_into(pilot, "#sentence", "By Friday I'll get Tom Baker at Litware to confirm the pilot budget")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ActionForm)
        await add_step(pilot, "In 10 days I will book a discovery call with Litware's trading desk lead")
        assert not isinstance(app.screen, ActionForm)
    app.repo.close()

    with reopen(demo_path) as repo:
        deal_now = repo.get(Deal, deal.id)
        steps = [a for a in repo.all(Action) if a.deal_id == deal.id and a.is_open]
    assert [h.stage for h in deal_now.stage_history][-2:] == ["Prospect", "Discovery"]
    assert {s.target for s in steps} == {"Tom Baker at Litware", "Litware's trading desk lead"}


async def test_closed_lost_asks_why(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("l", "l", "l", "l")  # to Negotiation
        deal_list = app.focused
        assert isinstance(deal_list, DealList) and deal_list.stage == "Negotiation"
        deal = board.current_deal()
        await pilot.press("shift+right")  # Closed Won: a confirmation
        await pilot.press("n")
        await pilot.press("shift+left")
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert app.repo.get(Deal, deal.id).stage == "Proposal"
        board_deal = board.current_deal()
        for _ in range(3):
            await pilot.press("shift+right")
            if isinstance(app.screen, StageMoveScreen):
                for _ in app.screen.criteria:
                    await pilot.press("space", "down")
                await pilot.press("y")
            await pilot.pause()
            await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)  # Closed Lost wants a reason
        await pilot.press("enter")
        assert isinstance(app.screen, ReasonScreen)  # an empty reason is refused
        await type_into(pilot, "#reason", "Chose [the incumbent]")
        await pilot.press("enter")
        await pilot.pause()
        lost = app.repo.get(Deal, board_deal.id)
        assert lost.stage == "Closed Lost" and lost.lost_reason == "Chose [the incumbent]"


async def test_deal_detail_and_close_date_slip(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        deal = board.current_deal()
        await pilot.press("enter")
        assert isinstance(app.screen, DealScreen)
        await pilot.press("e")
        app.screen.query_one("#expected_close Input", Input).value = "2027-06-30"
        await type_into(pilot, "#slip_reason", "Budget moved to next fiscal year")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DealScreen)
        body = str(app.screen.query_one("#deal-body", Static).render())
        assert "slipped 1×" in body and "Budget moved" in body
    app.repo.close()
    with reopen(demo_path) as repo:
        slipped = repo.get(Deal, deal.id)
    assert slipped.close_slips[-1].new.isoformat() == "2027-06-30"


async def test_reorder_cards_is_kept(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        first = app.focused.deal_ids[:2]
        await pilot.press("J")
        await pilot.pause()
        await pilot.pause()
        assert app.focused.deal_ids[:2] == first[::-1]
    app.repo.close()
    with reopen(demo_path) as repo:
        ranks = {d.id: d.rank for d in repo.all(Deal) if d.id in first}
    assert ranks[first[1]] < ranks[first[0]]


async def test_process_editor_renames_a_stage_and_deals_follow(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, ProcessEditor)
        await pilot.press("down", "e")
        await type_into(pilot, "#name", "Discovery [qualified]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("d")  # deals are there: refused
        await pilot.pause()
        assert app.repo.process.stage("Discovery [qualified]") is not None
    app.repo.close()
    with reopen(demo_path) as repo:
        process: SalesProcess = repo.process
        in_stage = [d for d in repo.all(Deal) if d.stage == "Discovery [qualified]"]
    assert [s.name for s in process.stages][1] == "Discovery [qualified]" and len(in_stage) == 2


async def test_filter_narrows_the_board_and_escape_clears_it(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("slash")
        await type_into(pilot, "#board-filter", "account:fabrikam")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        shown = [i for dl in app.query(DealList) for i in dl.deal_ids]
        fabrikam = find(app.repo, Account, name="Fabrikam Logistics").id
        assert shown and {app.repo.get(Deal, i).account_id for i in shown} == {fabrikam}
        assert not app.query_one("#board-filter").has_class("hidden")
        app.query_one("#board-filter").focus()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert len([i for dl in app.query(DealList) for i in dl.deal_ids]) == len(app.repo.all(Deal))
        assert app.query_one("#board-filter").has_class("hidden")


async def test_won_and_lost_straight_from_the_board_in_one_step(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        summary = lambda: str(app.query_one("#pipeline-summary", Static).render())  # noqa: E731
        won_before = summary().split("won ")[-1]
        deal = board.current_deal()
        assert deal is not None and deal.stage == "Prospect"
        history = len(deal.stage_history)
        await pilot.press("x")
        assert isinstance(app.screen, ReasonScreen)
        await type_into(pilot, "#reason", "No budget [this year]")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        lost = app.repo.get(Deal, deal.id)
        assert lost.stage == "Closed Lost" and lost.lost_reason == "No budget [this year]"
        assert len(lost.stage_history) == history + 1 and lost.expected_close == app.today
        assert summary().split("won ")[-1] == won_before  # never passed through Closed Won
        for _ in range(len(app.repo.process.stages)):
            await pilot.press("h")  # back to the first column: the cursor followed the deal to Closed Lost
        other = board.current_deal()
        assert other is not None and other.id != deal.id
        await pilot.press("w", "y")
        await pilot.pause()
        await pilot.pause()
        won = app.repo.get(Deal, other.id)
        assert won.stage == "Closed Won" and won.expected_close == app.today
        assert summary().split("won ")[-1] != won_before
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.repo.get(Deal, other.id).stage == other.stage  # one undo takes it back


async def test_the_cursor_goes_to_a_deal_just_added(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("a")
        form = app.screen
        await type_into(pilot, "#new_account", "Tailspin Toys")
        await type_into(pilot, "#title", "Tailspin: pilot")
        await type_into(pilot, "#value", "12k")
        form.query_one("#expected_close Input").value = "end of next month"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert board.current_deal() is not None and board.current_deal().title == "Tailspin: pilot"


async def test_won_on_a_won_deal_is_refused_before_asking(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        for _ in range(5):
            await pilot.press("l")  # to Closed Won
        deal = board.current_deal()
        assert deal is not None and deal.stage == "Closed Won"
        await pilot.press("w")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("already won" in n.message for n in app._notifications)
