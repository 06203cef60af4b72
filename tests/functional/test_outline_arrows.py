"""Tests → and ← in the plan outline, as in any outline: → opens a branch, then goes to its first line; ← closes an
open branch, or goes to the line the cursor is under."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.ui.widgets.plan_tree import PlanTree

from .conftest import SIZE, OpenedApps


async def test_right_opens_and_goes_in_left_closes_and_goes_out(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        tree.focus()
        tree.move_cursor(tree.root.children[0])  # a category
        await pilot.pause()
        category = tree.cursor_node
        assert category is not None and category.allow_expand
        if category.is_expanded:
            await pilot.press("left")
            assert not category.is_expanded and tree.cursor_node is category
        await pilot.press("right")
        assert category.is_expanded and tree.cursor_node is category
        await pilot.press("right")
        goal = tree.cursor_node
        assert goal is category.children[0]
        await pilot.press("right")  # the goal opens
        assert goal.is_expanded
        await pilot.press("right", "left")  # into its first line, then back out to the goal
        assert tree.cursor_node is goal and goal.is_expanded
        await pilot.press("left")
        assert not goal.is_expanded and tree.cursor_node is goal
        await pilot.press("left")
        assert tree.cursor_node is category
        await pilot.press("left")
        assert not category.is_expanded
        await pilot.press("left")  # a top line stays where it is
        assert tree.cursor_node is category
