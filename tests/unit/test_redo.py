"""Tests redo in the workspace file: it writes again what undo took back, until the next new change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from salesplan_tui.core.model.records import Goal
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import Repository

YEAR = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}


def add_goal(repo: Repository, title: str) -> Goal:
    change = plan_ops.add(repo, Goal, title=title, category="revenue", **YEAR)
    repo.apply(change)
    return change.records[0]


def test_redo_writes_again_what_undo_took_back_and_it_is_kept(db_path: Path) -> None:
    with Repository(db_path) as repo:
        goal = add_goal(repo, "Grow revenue")
        repo.apply(plan_ops.edit(repo, goal, title="Renamed"))
        assert not repo.can_redo
        repo.undo()
        repo.undo()
        assert repo.all(Goal) == [] and repo.can_redo
        label, changed = repo.redo()
        assert "goal" in label
        assert changed
        assert repo.redo() is not None
        assert repo.get(Goal, goal.id).title == "Renamed"
        assert repo.redo() is None and repo.can_undo
        repo.undo()  # redone steps can be undone again
        assert repo.get(Goal, goal.id).title == "Grow revenue"
        repo.redo()
    with Repository(db_path) as repo:
        assert repo.get(Goal, goal.id).title == "Renamed"


def test_a_new_change_ends_redo(db_path: Path) -> None:
    with Repository(db_path) as repo:
        add_goal(repo, "One")
        repo.undo()
        assert repo.can_redo
        add_goal(repo, "Two")
        assert not repo.can_redo and repo.redo() is None
        assert [g.title for g in repo.all(Goal)] == ["Two"]


def test_reloading_after_an_outside_change_clears_redo(db_path: Path) -> None:
    with Repository(db_path) as repo:
        add_goal(repo, "One")
        repo.undo()
        repo.reload()
        assert not repo.can_redo and not repo.can_undo and repo.redo() is None
