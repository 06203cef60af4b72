"""Tests the issue's done-when: a deal tied to a measured objective and won through the keys moves the objective's
figure on the Plan pane, the forecast's "against the objective", and the next one-on-one's "since last time"."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from salesplan_tui.core.model.records import Deal, Goal, Kind, Measure, Objective
from salesplan_tui.ui.screens.deal_form import DealForm
from salesplan_tui.ui.screens.deal_screen import DealScreen
from salesplan_tui.ui.screens.objective_form import ObjectiveForm
from salesplan_tui.ui.widgets.plan_tree import PlanTree

from .conftest import SIZE, OpenedApps, find, reopen, wait_until
from .test_pipeline import open_board
from .test_review import start_one_on_one


async def choose(pilot, selector: str, label: str) -> None:
    """Opens a dropdown in the form on screen and picks the option whose prompt holds label, with the keys."""
    select = pilot.app.screen.query_one(selector, Select)
    prompts = [str(prompt) for prompt, _ in select._options]
    wanted = next(n for n, p in enumerate(prompts) if label in p)
    at = next((n for n, (_, v) in enumerate(select._options) if v == select.value), 0)
    select.focus()
    await pilot.press("enter")
    await pilot.pause()
    moves = wanted - at
    await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves), "enter")
    await pilot.pause()


def plan_text(app) -> str:
    tree = app.query_one(PlanTree)
    lines = []

    def walk(node) -> None:
        lines.append(str(node.label))
        for child in node.children:
            walk(child)

    walk(tree.root)
    return "\n".join(lines)


async def test_winning_a_deal_moves_its_objective_the_forecast_and_since_last_time(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bookings = find(app.repo, Objective, title="New bookings")
        app.push_screen(ObjectiveForm(app.repo.get(Goal, bookings.goal_id), bookings))
        await pilot.pause()
        await choose(pilot, "#measured_by", "won value")
        assert app.screen.query_one("#current", Input).disabled  # the deals count it: not typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.repo.get(Objective, bookings.id).measured_by == Measure.WON_VALUE
        before = app.repo.get(Objective, bookings.id).current

        board = await open_board(pilot)
        for _ in range(4):
            await pilot.press("l")  # to Negotiation
        deal = board.current_deal()
        assert deal is not None and deal.title == "Northwind: regional warehouses phase 2"
        await pilot.press("enter")
        assert isinstance(app.screen, DealScreen)
        await pilot.press("e")
        assert isinstance(app.screen, DealForm)
        await choose(pilot, "#objective_id", "New bookings")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.repo.get(Deal, deal.id).objective_id == bookings.id
        await pilot.press("escape")
        await pilot.press("f")  # the forecast, before the win
        await pilot.pause()
        forecast_before = str(app.query_one("#forecast-body", Static).render())
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("w", "y")
        await pilot.pause()
        await pilot.pause()

        after = app.repo.get(Objective, bookings.id).current
        assert after == before + deal.value
        await pilot.press("f")
        await pilot.pause()
        forecast_after = str(app.query_one("#forecast-body", Static).render())
        assert forecast_after != forecast_before and "still to book" in forecast_after
        await pilot.press("f")
        await pilot.press("1")
        await pilot.pause()
        tree = app.query_one(PlanTree)
        goal_node = next(n for n in tree._node_of.values() if n.data and n.data.kind == Kind.GOAL
                         and n.data.id == bookings.goal_id)
        goal_node.expand()  # as enter on the goal does: its objectives are drawn when it opens
        await wait_until(pilot, lambda: f"${after:,.0f} of $1,200,000" in plan_text(app),
                         "the Plan pane to show the won figure")

        start = await start_one_on_one(pilot, "jill carter")
        since = str(start.query_one("#since-plan", Static).render())
        assert "New bookings" in since and f"{after:,.0f}" in since
    app.repo.close()
    with reopen(demo_path) as repo:
        assert repo.get(Objective, bookings.id).current == after
