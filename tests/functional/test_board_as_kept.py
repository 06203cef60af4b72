"""Tests the board and the deal screen as a seller keeps deals: j/k, long reasons, pickers, delete, merge."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from salesplan_tui.core.model.change import Change, revise
from salesplan_tui.core.model.records import Action, Deal, Goal, Objective, StageKind
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.pipeline.step_flags import unplanned_note
from salesplan_tui.core.plan import action_ops
from salesplan_tui.ui.deal_card import card
from salesplan_tui.ui.panes.pipeline import DealList
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.deal_screen import DealScreen
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, PickScreen
from salesplan_tui.ui.screens.objective_form import ObjectiveForm

from .conftest import SIZE, OpenedApps, reopen
from .test_pipeline import open_board
from .test_plan_pane import type_into


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


async def test_closed_deals_are_left_out_of_the_deal_it_moves(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        deal = board.current_deal()
        await pilot.press("n")
        await pilot.press("down", "enter")  # "Write my own"
        assert isinstance(app.screen, ActionForm)
        offered = {value for _, value in app.screen.query_one("#deal_id", Select)._options}
        kinds = {s.name: s.kind for s in app.repo.process.stages}
        closed = {d.id for d in app.repo.all(Deal) if kinds[d.stage] != StageKind.OPEN}
        assert closed and deal.id in offered and not offered & closed


async def test_the_deal_screen_has_no_gap_between_history_and_steps(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DealScreen)
        info = app.screen.query_one("#deal-info")
        body = app.screen.query_one("#deal-body")
        steps_title = app.screen.query_one(".section")
        assert info.region.bottom == body.region.bottom  # the details are as tall as they are
        assert steps_title.region.y - info.region.bottom == 1  # the section's own margin, no more


async def test_delete_a_deal_from_the_board_names_it_and_ctrl_z_brings_it_back(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        deal = board.current_deal()
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert deal.title in " ".join(str(s.render()) for s in app.screen.query(Static))
        await pilot.press("y")
        await pilot.pause()
        assert deal.id not in {d.id for d in app.repo.all(Deal)}
        assert all(deal.id not in c.deal_ids for c in app.query(DealList))
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.pause()
        assert deal.id in {d.id for d in app.repo.all(Deal)}
    app.repo.close()
    with reopen(demo_path) as repo:
        assert not repo.get(Deal, deal.id).archived


async def test_merge_a_duplicate_from_the_deal_screen(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        deal = board.current_deal()
        duplicate = app.apply(lambda: deal_ops.add_deal(
            app.repo, app.clock, stage=deal.stage, account_id=deal.account_id, title="Litware - trading desk pilot",
            value=deal.value, expected_close=deal.expected_close)).records[0]
        app.apply(lambda: action_ops.add_action(app.repo, app.clock, outcome="agree the pilot scope", owner="me",
                                         target="Tom Baker at Litware", due=app.today, deal_id=duplicate.id))
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, DealScreen)
        await pilot.press("M")
        assert isinstance(app.screen, PickScreen)
        await type_into(pilot, "#pick-filter", "Litware - trading")
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        said = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert deal.title in said and duplicate.title in said
        await pilot.press("y")
        await pilot.pause()
        assert app.repo.get(Deal, duplicate.id).archived
        steps = [a for a in app.repo.all(Action) if a.outcome == "agree the pilot scope"]
        assert [a.deal_id for a in steps] == [deal.id]
        assert isinstance(app.screen, DealScreen)  # the deal kept stays open, with the step moved to it
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not app.repo.get(Deal, duplicate.id).archived


async def test_a_next_step_refused_on_import_is_flagged_and_planned_through_the_coach(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        deal = board.current_deal()
        for step in [a for a in app.repo.actions_by("deal_id").get(deal.id, []) if a.is_open]:
            app.apply(lambda step=step: action_ops.drop(step, "test: start with no open step"))
        app.apply(Change("note", (revise(deal, notes=unplanned_note("HubSpot", "Follow up")),), ""))
        await pilot.pause()
        await pilot.pause()
        column = app.focused
        assert "noted step not yet a plan" in str(column.get_option_at_index(column.deal_ids.index(deal.id)).prompt)
        await pilot.press("enter")
        assert isinstance(app.screen, DealScreen)
        body = str(app.screen.query_one("#deal-body", Static).render())
        assert "Next step from HubSpot, not yet a plan: Follow up" in body and "p takes it to the coach" in body
        await pilot.press("p")
        assert isinstance(app.screen, ActionForm)
        assert app.screen.query_one("#sentence", Input).value == "Follow up"  # the coach judges the CRM's words
        await type_into(pilot, "#sentence", "By Friday I'll get Tom Baker at Litware to confirm the pilot budget")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DealScreen)
        assert "p takes it to the coach" not in str(app.screen.query_one("#deal-body", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert "noted step" not in str(column.get_option_at_index(column.deal_ids.index(deal.id)).prompt)


async def test_at_80x24_the_deal_screen_keeps_its_keys_in_view(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        for _ in range(4):
            await pilot.press("l")  # Negotiation: a deal with a strategic objective, contacts and two steps
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DealScreen)
        hint = app.screen.query_one(".dialog-hint")
        dialog = app.screen.query_one(".dialog")
        assert hint.region.height > 0 and hint.region.bottom <= dialog.region.bottom - 1  # inside its border
        steps = app.screen.query_one("#deal-steps")
        assert steps.region.y - app.screen.query_one("#deal-info").region.bottom == 2  # section margin and title


async def test_forms_show_big_figures_as_typed_not_in_e_notation(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bookings = next(o for o in app.repo.all(Objective) if o.title == "New bookings")
        app.push_screen(ObjectiveForm(app.repo.get(Goal, bookings.goal_id), bookings))
        await pilot.pause()
        assert app.screen.query_one("#target", Input).value == "1200000"  # was "1.2e+06"
