"""Tests that both backends are one contract: random operations on a file and on a server give the same export."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.exchange.workspace_json import export_json
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Action, Deal, Goal
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.storage.opening import open_repository, target_of

CLOCK = Clock.on(dt.date(2026, 11, 23))
_runs = itertools.count()

words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=20)
steps = st.lists(st.one_of(
    st.tuples(st.just("goal"), words),
    st.tuples(st.just("action"), words, st.integers(1, 28)),
    st.tuples(st.just("done"), st.integers(0, 50)),
    st.tuples(st.just("archive"), st.integers(0, 50)),
    st.tuples(st.just("edit"), st.integers(0, 50), words),
    st.tuples(st.just("deal"), words, st.integers(0, 5), st.floats(0, 1e9, allow_nan=False)),
    st.tuples(st.just("move"), st.integers(0, 50), st.sampled_from([-1, 1])),
    st.tuples(st.just("undo")),
), max_size=25)


def _change(repo: Repository, step: tuple[object, ...]) -> Change | None:
    kind, *args = step
    actions, deals = repo.all(Action, archived=True), repo.all(Deal)
    if kind == "goal":
        return plan_ops.add(repo, Goal, title=args[0], category="revenue", period_start=dt.date(2026, 1, 1),
                            period_end=dt.date(2026, 12, 31))
    if kind == "action":
        return action_ops.add_action(repo, CLOCK, owner="me", target="Bob", outcome=args[0],
                                     due=dt.date(2026, 12, int(args[1])))  # type: ignore[call-overload]
    if kind in ("done", "archive", "edit") and actions:
        action = actions[int(args[0]) % len(actions)]  # type: ignore[call-overload]
        if kind == "done":
            return action_ops.toggle_done(action, CLOCK)
        if kind == "archive":
            return plan_ops.toggle_archived(action)
        return action_ops.edit_action(repo, CLOCK, action, outcome=args[1])
    if kind == "deal":
        stages = repo.process.stages
        return deal_ops.add_deal(repo, CLOCK, stage=stages[int(args[1]) % len(stages)].name,  # type: ignore[call-overload]
                                 new_account="Acme", title=args[0], value=args[2], expected_close=dt.date(2026, 12, 20))
    if kind == "move" and deals:
        deal = deals[int(args[0]) % len(deals)]  # type: ignore[call-overload]
        return deal_ops.move_stage(repo, CLOCK, deal, deal_ops.step_stage(repo, deal, int(args[1])))  # type: ignore[call-overload]
    return None


def _do(repo: Repository, step: tuple[object, ...]) -> str:
    """What the step did: "saved", "undone", "nothing", or the refusal's words (the same on both backends)."""
    if step[0] == "undo":
        return "undone" if repo.undo() is not None else "nothing"
    try:
        change = _change(repo, step)
        if change is None:
            return "nothing"
        repo.apply(change)
    except ValidationFailed as e:
        return f"refused: {e}"
    return "saved"


# One database for every example (function-scoped fixtures): each example has its own workspace name and file.
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=steps)
def test_random_operations_give_the_same_export_on_both_backends(steps: list[tuple[object, ...]], tmp_path: Path,
                                                                 pg_url: Callable[[str], str]) -> None:
    run = next(_runs)
    with open_repository(tmp_path / f"w{run}.json") as on_file, \
            open_repository(target_of(pg_url(f"w{run}"))) as on_server:
        on_server.replace_all(on_file.snapshot())  # the same workspace facts (name, created) on both
        for step in steps:
            assert _do(on_file, step) == _do(on_server, step), step
            assert export_json(on_file.snapshot()) == export_json(on_server.snapshot()), step
    with open_repository(tmp_path / f"w{run}.json", read_only=True) as on_file, \
            open_repository(target_of(pg_url(f"w{run}")), read_only=True) as on_server:
        assert export_json(on_file.snapshot()) == export_json(on_server.snapshot())
