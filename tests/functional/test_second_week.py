"""Tests what a seller trips on in the second week (issue 24): redo, the outline's shape, empty filters, reviews."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.model.records import Action, ActionStatus
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref

from .conftest import SIZE, OpenedApps, find, reopen
from .test_outside_changes import add_goal_elsewhere


async def test_ctrl_y_and_ctrl_shift_z_redo_what_ctrl_z_undid_until_a_new_change(demo_path: Path,
                                                                                 opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome="hold the Q4 business review and agree next year's priorities").id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        await pilot.press("space", "x", "ctrl+z", "ctrl+z")
        assert app.repo.get(Action, qbr).status == ActionStatus.OPEN
        await pilot.press("ctrl+y")
        assert app.repo.get(Action, qbr).status == ActionStatus.DONE and not app.repo.get(Action, qbr).archived
        await pilot.press("ctrl+shift+z")
        assert app.repo.get(Action, qbr).archived
        await pilot.press("ctrl+z", "ctrl+z", "space")  # a new change: nothing is left to redo
        await pilot.press("ctrl+y")
        assert app.repo.get(Action, qbr).status == ActionStatus.DONE and not app.repo.get(Action, qbr).archived
    app.repo.close()
    with reopen(demo_path) as repo:
        assert repo.get(Action, qbr).status == ActionStatus.DONE and not repo.get(Action, qbr).archived


async def test_undo_after_another_window_wrote_reloads_and_undoes_nothing(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome="hold the Q4 business review and agree next year's priorities").id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        await pilot.press("space")
        add_goal_elsewhere(demo_path, "Goal written elsewhere")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.is_running and not app.repo.can_undo and not app.repo.can_redo
        assert app.repo.get(Action, qbr).status == ActionStatus.DONE  # the other window's write is kept too
        said = " ".join(n.message for n in app._notifications)  # by ctrl+z, or by the once-a-second look before it
        assert "changed in another window" in said or "Nothing to undo" in said
