"""Tests the process editor: a stage made won counts its deals in the objectives measured from the pipeline, at once
and as one undo step with the process."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.model.records import Deal, Measure, Objective
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import goal_ops
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.screens.process_editor import ProcessEditor
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps
from .test_pipeline import open_board
from .test_won_moves_the_objective import choose

BOOKINGS, NEGOTIATING = 3, 1  # the demo's "New bookings" objective; its $240,000 deal in Negotiation


async def test_a_stage_made_won_in_the_editor_moves_the_objective(demo_path: Path, opened: OpenedApps) -> None:
    with Repository(demo_path) as repo:
        clock = Clock.on(TODAY)
        repo.apply(deal_ops.tie_to_objective(repo, clock, repo.get(Deal, NEGOTIATING), BOOKINGS))
        repo.apply(goal_ops.edit(repo, repo.get(Objective, BOOKINGS), at=clock.now(), measured_by=Measure.WON_VALUE))
        assert repo.get(Objective, BOOKINGS).current == 0
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, ProcessEditor)
        await pilot.press("down", "down", "down", "down", "e")  # Negotiation, the fifth stage
        await choose(pilot, "#kind", "Won")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.repo.process.stage("Negotiation").kind == "won"
        assert app.repo.get(Objective, BOOKINGS).current == 240000
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.repo.process.stage("Negotiation").kind == "open"
        assert app.repo.get(Objective, BOOKINGS).current == 0
