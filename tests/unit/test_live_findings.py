"""Tests LiveFindings: after any sequence of core operations, undos and new days, it says what a full check says."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import generate
from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change, Changed, revise
from salesplan_tui.core.model.records import (
    Action,
    ActionStatus,
    Category,
    Deal,
    Goal,
    Kind,
    Objective,
    StageKind,
)
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.plan.live_findings import LiveFindings
from salesplan_tui.core.plan.rules import check, flagged_deals
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

SIZES = {"goals": 6, "objectives": 18, "actions": 160, "accounts": 12, "deals": 30, "reviews": 2}
Op = Callable[[Repository, random.Random, Clock], "Change | Changed | None"]


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield generate.large(Path(folder), TODAY, SIZES, seed=3)


def assert_same(live: LiveFindings, repo: Repository, today: dt.date) -> None:
    full = check(repo, today)
    assert live.findings == full
    assert live.flagged_deals == flagged_deals(full, repo)
    for rule in {f.rule for f in full}:
        assert live.count(rule) == sum(1 for f in full if f.rule == rule)
        assert live.first(rule, 5) == [f for f in full if f.rule == rule][:5]
    assert live.counts == {Kind.GOAL: repo.count(Goal), Kind.OBJECTIVE: repo.count(Objective),
                           Kind.DEAL: repo.count(Deal), Kind.ACTION: sum(1 for a in repo.all(Action) if a.is_open)}


# ----- the operations a seller makes, each on records picked by the random source ------------------


def pick(rng: random.Random, records: list):
    return rng.choice(records) if records else None


def some_objective(repo: Repository, rng: random.Random) -> int | None:
    objective = pick(rng, repo.all(Objective, archived=True))
    return objective.id if objective and rng.random() < 0.7 else None


def some_deal(repo: Repository, rng: random.Random) -> int | None:
    deal = pick(rng, repo.all(Deal, archived=True))
    return deal.id if deal and rng.random() < 0.6 else None


def add_action(repo: Repository, rng: random.Random, clock: Clock) -> Change:
    return action_ops.add_action(repo, clock, owner="me", target="Dana at Account 1", outcome="confirm the budget",
                                 due=clock.today() + dt.timedelta(days=rng.randint(-5, 5)),
                                 objective_id=some_objective(repo, rng), deal_id=some_deal(repo, rng))


def edit_action(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    action = pick(rng, repo.all(Action, archived=True))
    if action is None:
        return None
    fields = rng.choice([{"objective_id": some_objective(repo, rng)}, {"deal_id": some_deal(repo, rng)},
                         {"due": clock.today() + dt.timedelta(days=rng.randint(-5, 5))}])
    return action_ops.edit_action(repo, clock, action, **fields)


def toggle_done(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    action = pick(rng, [a for a in repo.all(Action) if a.status != ActionStatus.DROPPED])
    return action_ops.toggle_done(action, clock) if action else None


def drop(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    action = pick(rng, [a for a in repo.all(Action) if a.is_open])
    return action_ops.drop(action, "no longer needed") if action else None


def reschedule(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    action = pick(rng, [a for a in repo.all(Action) if a.is_open])
    return action_ops.reschedule(action, clock.today() + dt.timedelta(days=rng.randint(1, 9)), clock) if action else None


def archive(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    model = rng.choice([Action, Action, Objective, Goal])
    return plan_ops.toggle_archived(record) if (record := pick(rng, repo.all(model, archived=True))) else None


def archive_deal(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    deal = pick(rng, repo.all(Deal, archived=True))  # no key archives a deal; a file or an import can hold one
    return Change("archive deal", (revise(deal, archived=not deal.archived),)) if deal else None


def move(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    record = pick(rng, repo.all(Action) + repo.all(Objective) + repo.all(Goal))
    if isinstance(record, Goal):
        return plan_ops.move(repo, record, to=rng.choice(list(Category)))
    if isinstance(record, Objective):
        goal = pick(rng, repo.all(Goal, archived=True))
        return plan_ops.move(repo, record, to=goal.id) if goal else None
    return plan_ops.move(repo, record, to=some_objective(repo, rng)) if record else None


def add_plan(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    if rng.random() < 0.5:
        return plan_ops.add(repo, Goal, title="Win more", category=rng.choice(list(Category)),
                            period_start=TODAY - dt.timedelta(days=300), period_end=TODAY + dt.timedelta(days=65))
    goal = pick(rng, repo.all(Goal))
    return plan_ops.add(repo, Objective, goal_id=goal.id, title="More meetings", metric="meetings", target=10,
                        due=TODAY + dt.timedelta(days=rng.randint(-20, 20))) if goal else None


def edit_objective(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    objective = pick(rng, repo.all(Objective))
    if objective is None:
        return None
    fields = rng.choice([{"current": rng.choice([0, 20, 40])}, {"due": TODAY + dt.timedelta(days=rng.randint(-20, 20))}])
    return plan_ops.edit(repo, objective, at=clock.now(), **fields)


def add_deal(repo: Repository, rng: random.Random, clock: Clock) -> Change:
    return deal_ops.add_deal(repo, clock, stage=pick(rng, repo.process.stages).name, account_id=1, title="New deal",
                             value=1000, expected_close=clock.today() + dt.timedelta(days=rng.randint(-3, 30)))


def move_deal(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    deal = pick(rng, repo.all(Deal))
    if deal is None:
        return None
    stage = pick(rng, [s for s in repo.process.stages if s.name != deal.stage])
    return deal_ops.move_stage(repo, clock, deal, stage, reason="price" if stage.kind == StageKind.LOST else "")


def edit_deal(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    deal = pick(rng, repo.all(Deal))
    return deal_ops.edit_deal(repo, clock, deal, expected_close=clock.today() + dt.timedelta(
        days=rng.randint(-10, 40)), slip_reason="later") if deal else None


def close_deal(repo: Repository, rng: random.Random, clock: Clock) -> Change | None:
    deal = pick(rng, repo.all(Deal))
    return deal_ops.close(repo, clock, deal, won=rng.random() < 0.5, reason="price") if deal else None


def edit_process(repo: Repository, rng: random.Random, clock: Clock) -> Change:
    stages = [s.model_copy(update={"rot_days": rng.randint(1, 30)}) for s in repo.process.stages]
    return deal_ops.set_stages(repo, stages)


def undo(repo: Repository, rng: random.Random, clock: Clock) -> Changed | None:
    undone = repo.undo()
    return undone[1] if undone else None


OPS: list[Op] = [add_action, edit_action, toggle_done, toggle_done, drop, reschedule, archive, archive_deal, move,
                 add_plan, edit_objective, add_deal, move_deal, edit_deal, close_deal, edit_process, undo, undo]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from([*OPS, "next day"]), st.integers(0, 2**32)), min_size=1, max_size=40))
def test_live_findings_equal_a_full_check_after_every_change(workspace: Path, steps: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "workspace.json"
        shutil.copy(workspace, path)
        with Repository(path, keep_backups=0) as repo:
            today = TODAY
            live = LiveFindings(repo, today)
            assert_same(live, repo, today)
            for op, seed in steps:
                clock = Clock.on(today)
                if op == "next day":  # lateness depends on the day: a new day recomputes everything
                    today += dt.timedelta(days=1 + seed % 3)
                    live.update(Changed(), today)
                    assert_same(live, repo, today)
                    continue
                try:
                    made = op(repo, random.Random(seed), clock)
                    changed = repo.apply(made) if isinstance(made, Change) else made
                except ValidationFailed:
                    continue  # refused (an objective due outside its goal, a deal already there): nothing saved
                if changed is not None:
                    before = live.findings
                    differs = live.update(changed, today)
                    assert differs == (check(repo, today) != before)
                assert_same(live, repo, today)


def test_a_reload_or_an_import_recomputes_everything(workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "workspace.json"
    shutil.copy(workspace, path)
    with Repository(path, keep_backups=0) as repo:
        live = LiveFindings(repo, TODAY)
        version = live.version
        assert not live.update(Changed.all(), TODAY)  # nothing differs: the version stays
        assert live.version == version
        other = tmp_path / "other.json"
        generate.large(tmp_path, TODAY, {**SIZES, "actions": 40}, seed=11).rename(other)
        with Repository(other, keep_backups=0) as source:
            repo.replace_all(source.snapshot())
        assert live.update(Changed.all(), TODAY) and live.version == version + 1
        assert_same(live, repo, TODAY)


def test_marking_one_action_done_recomputes_only_its_records(workspace: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "workspace.json"
    shutil.copy(workspace, path)
    with Repository(path, keep_backups=0) as repo:
        live = LiveFindings(repo, TODAY)
        action = next(a for a in repo.all(Action) if a.is_open and a.objective_id and a.deal_id)
        seen: list[tuple[str, int]] = []
        for name in ("_action", "_deal", "_objective", "_goal"):
            original = getattr(live, name)
            monkeypatch.setattr(live, name, lambda ref, record, _o=original, _n=name: (seen.append((_n, ref)), _o(ref, record))[1])
        live.update(repo.apply(action_ops.complete(action, Clock.on(TODAY))), TODAY)
        goal = repo.get(Objective, action.objective_id).goal_id
        assert sorted(seen) == sorted([("_action", action.id), ("_deal", action.deal_id),
                                       ("_objective", action.objective_id), ("_goal", goal)])
