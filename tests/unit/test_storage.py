"""Tests the workspace file: validation, undo, archive, permissions, locking, corrupt files, migrations, restore."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Action, Deal, Goal, Objective, Record
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import CorruptDatabase, ReadOnlyError, Repository, StorageError, atomic
from salesplan_tui.core.storage.backups import list_backups
from salesplan_tui.core.storage.migrations import migrate
from salesplan_tui.core.storage.opening import Target, open_repository
from salesplan_tui.core.storage.restore import restore

CLOCK = Clock.on(dt.date(2026, 11, 23))
YEAR = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}


def stored(target: Target) -> bytes:
    """What is stored now, as an export (the same on both backends), read by a second opening."""
    from salesplan_tui.core.exchange.workspace_json import export_json

    with open_repository(target, read_only=True) as repo:
        return export_json(repo.snapshot())


def saved(repo: Repository, change: Change) -> Record:
    """Applies a change and returns the record it was about."""
    repo.apply(change)
    return change.records[0]


def add_goal(repo: Repository, title: str = "Grow [Acme] revenue") -> Goal:
    return saved(repo, plan_ops.add(repo, Goal, title=title, category="revenue", **YEAR))


def test_a_write_survives_reopening(target: Target) -> None:
    with open_repository(target) as repo:
        goal = add_goal(repo)
    with open_repository(target) as repo:
        assert repo.get(Goal, goal.id).title == "Grow [Acme] revenue"


def test_bad_input_names_the_field_and_writes_nothing(target: Target) -> None:
    with open_repository(target) as repo:
        before = stored(target)
        with pytest.raises(ValidationFailed, match="due"):
            action_ops.add_action(repo, CLOCK, owner="me", target="Bob", outcome="get the PO", due="next-ish")
        with pytest.raises(ValidationFailed, match="period_end"):
            plan_ops.add(repo, Goal, title="x", category="revenue", period_start="2026-12-01", period_end="2026-01-01")
        with pytest.raises(ValidationFailed, match="goal_id: there is no goal"):
            plan_ops.add(repo, __import__("salesplan_tui.core.model.records").core.model.records.Objective, goal_id=9, title="t",
                        metric="m", target=1, due="2026-12-01")
        assert stored(target) == before


def test_undo_puts_back_what_the_last_change_replaced(target: Target) -> None:
    with open_repository(target) as repo:
        goal = add_goal(repo)
        repo.apply(plan_ops.edit(repo, goal, title="Renamed"))
        repo.apply(plan_ops.toggle_archived(repo.get(Goal, goal.id)))
        assert repo.all(Goal) == [] and len(repo.all(Goal, archived=True)) == 1
        assert repo.undo()[0] == "archive goal"
        assert repo.get(Goal, goal.id).title == "Renamed" and not repo.get(Goal, goal.id).archived
        repo.undo()
        repo.undo()
        assert repo.undo() is None
    with open_repository(target) as repo:
        assert repo.all(Goal, archived=True) == []


def test_new_files_are_private(db_path: Path) -> None:
    with Repository(db_path) as repo:
        add_goal(repo)
    with Repository(db_path):
        pass
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(str(db_path) + ".lock").stat().st_mode) == 0o600
    assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in list_backups(db_path))


def test_second_opener_gets_a_read_only_view(db_path: Path) -> None:
    with Repository(db_path) as first:
        add_goal(first)
        second = Repository(db_path)
        try:
            assert second.read_only and "another salesplan" in second.read_only_reason
            assert len(second.all(Goal)) == 1
            with pytest.raises(ReadOnlyError):
                add_goal(second)
        finally:
            second.close()
    with Repository(db_path) as again:
        assert not again.read_only


def test_failed_write_keeps_memory_and_file_as_they_were(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Repository(db_path) as repo:
        add_goal(repo)
        before = db_path.read_bytes()

        def disk_full(path: Path, payload: bytes) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(atomic, "atomic_write", disk_full)
        with pytest.raises(StorageError, match="No space left"):
            add_goal(repo, "Second")
        assert [g.title for g in repo.all(Goal)] == ["Grow [Acme] revenue"]
        assert db_path.read_bytes() == before


def test_corrupt_file_is_never_overwritten_and_names_the_newest_good_backup(db_path: Path) -> None:
    with Repository(db_path) as repo:
        add_goal(repo)
    with Repository(db_path) as repo:
        add_goal(repo, "Second")  # this session's first write leaves a backup of the good file first
    with Repository(db_path) as repo:
        assert len(repo.all(Goal)) == 2
    broken = db_path.read_bytes()[:-40]
    db_path.write_bytes(broken)
    with pytest.raises(CorruptDatabase) as caught:
        Repository(db_path)
    message = str(caught.value)
    assert str(db_path) in message and "line" in message and "column" in message
    assert caught.value.backup is not None and str(caught.value.backup) in message
    assert db_path.read_bytes() == broken
    _backup, kept = restore(db_path, None, latest=True)
    assert kept is not None and kept.read_bytes() == broken
    with Repository(db_path) as repo:
        assert len(repo.all(Goal)) == 1


def test_schema_invalid_record_is_named_with_its_field(db_path: Path) -> None:
    with Repository(db_path) as repo:
        add_goal(repo)
    data = json.loads(db_path.read_text())
    data["goals"]["1"]["period_start"] = "the first of never"
    db_path.write_text(json.dumps(data))
    with pytest.raises(CorruptDatabase, match=r"goals #1 is invalid \(period_start"):
        Repository(db_path)


@pytest.mark.parametrize("content", [b"", b"[]", b'{"goals": []}', b"\x00\xff garbage"])
def test_files_that_are_not_workspaces_are_refused(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(CorruptDatabase):
        Repository(db_path)
    assert db_path.read_bytes() == content


def test_newer_schema_is_refused_not_downgraded(db_path: Path) -> None:
    with Repository(db_path):
        pass
    data = json.loads(db_path.read_text())
    data["_meta"]["1"]["schema_version"] = 99
    db_path.write_text(json.dumps(data))
    with pytest.raises(CorruptDatabase, match="newer salesplan"):
        Repository(db_path)


def test_migration_path_runs_each_step_in_order() -> None:
    steps = {1: lambda d: {**d, "goals": {"1": {**d["goals"]["1"], "title": "v2"}}},
             2: lambda d: {**d, "goals": {"1": {**d["goals"]["1"], "title": d["goals"]["1"]["title"] + "+v3"}}}}
    import salesplan_tui.core.storage.migrations as m

    original = dict(m.MIGRATIONS)
    m.MIGRATIONS.update(steps)
    try:
        data, changed = migrate({"_meta": {"1": {"schema_version": 1}}, "goals": {"1": {"title": "v1"}}}, target=3)
    finally:
        m.MIGRATIONS.clear()
        m.MIGRATIONS.update(original)
    assert changed and data["goals"]["1"]["title"] == "v2+v3" and data["_meta"]["1"]["schema_version"] == 3


def test_a_version_1_file_opens_unchanged_and_is_stored_as_the_current_version_at_its_first_write(db_path: Path) -> None:
    """Version 2 keeps the history of a deal's value and an objective's figure; a version 1 file has none. Version 3
    ties a deal to an objective: an old deal serves none, and an old objective keeps its typed figure."""
    v1 = {"_meta": {"1": {"name": "Old", "schema_version": 1, "created_at": "2026-01-01T00:00:00Z"}},
          "accounts": {"1": {"name": "Acme"}},
          "deals": {"1": {"account_id": 1, "title": "Acme: pilot", "value": 100, "stage": "Prospect",
                          "expected_close": "2026-12-01"}}}
    db_path.write_text(json.dumps(v1))
    before = db_path.read_bytes()
    with Repository(db_path) as repo:
        assert repo.get(Deal, 1).value_history == []
        assert db_path.read_bytes() == before  # opening changes nothing
        repo.apply(deal_ops.edit_deal(repo, CLOCK, repo.get(Deal, 1), expected_close=dt.date(2026, 12, 1), value=250))
    data = json.loads(db_path.read_text())
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION == 3
    assert data["deals"]["1"]["objective_id"] is None and data["deals"]["1"]["notes"] == ""
    assert data["deals"]["1"]["value_history"][0]["old"] == 100 and data["deals"]["1"]["value_history"][0]["new"] == 250
    assert list_backups(db_path)[0].read_bytes() == before  # the version 1 file is kept as it was


def test_stale_temp_files_are_cleaned_on_open(db_path: Path) -> None:
    with Repository(db_path):
        pass
    stale = db_path.with_name(f".{db_path.name}.x1y2.tmp")
    stale.write_text("half a write")
    with Repository(db_path):
        pass
    assert not stale.exists()


def test_backups_rotate_and_a_session_that_writes_nothing_makes_none(db_path: Path) -> None:
    for n in range(8):
        with Repository(db_path, keep_backups=3) as repo:
            add_goal(repo, f"goal {n}")
            add_goal(repo, f"goal {n} again")  # one backup a session, before its first write
    assert len(list_backups(db_path)) == 3
    kept = sorted(list_backups(db_path))
    for _ in range(4):
        with Repository(db_path, keep_backups=3) as repo, pytest.raises(ValidationFailed):
            repo.apply(plan_ops.add(repo, Goal, title="", category="revenue", **YEAR))
    assert sorted(list_backups(db_path)) == kept


def test_file_on_disk_is_json_with_schema_version(db_path: Path) -> None:
    with Repository(db_path) as repo:
        add_goal(repo)
    data = json.loads(db_path.read_text())
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION == 3
    assert data["goals"]["1"]["title"] == "Grow [Acme] revenue"
    assert not any(name.endswith(".tmp") for name in os.listdir(db_path.parent))


def test_grouped_action_index_follows_every_change(target: Target) -> None:
    """The incremental index must equal one built from scratch after adds, moves, archives and undo."""
    import random

    from salesplan_tui.core.model.records import Objective

    rng = random.Random(3)
    with open_repository(target) as repo:
        goal = add_goal(repo)
        objectives = [saved(repo, plan_ops.add(repo, Objective, goal_id=goal.id, title=f"o{i}", metric="m", target=5,
                                               due="2026-12-01")) for i in range(4)]
        repo.actions_by("objective_id")  # build the index, then keep it current
        for step in range(60):
            actions = repo.all(Action, archived=True)
            choice = rng.random()
            if choice < 0.4 or not actions:
                repo.apply(action_ops.add_action(repo, CLOCK, owner="me", target="Bob", outcome="get the PO signed",
                                                 due=dt.date(2026, 12, rng.randint(1, 28)),
                                                 objective_id=rng.choice(objectives).id))
            elif choice < 0.7:
                repo.apply(plan_ops.edit(repo, rng.choice(actions),
                                         objective_id=rng.choice([*objectives, None]) and rng.choice(objectives).id,
                                         due=dt.date(2026, 12, rng.randint(1, 28))))
            elif choice < 0.9:
                target = rng.choice(actions)
                repo.apply(plan_ops.toggle_archived(target))
            else:
                repo.undo()
            incremental = {k: [a.id for a in v] for k, v in repo.actions_by("objective_id").items() if v}
            repo._index.clear()
            fresh = {k: [a.id for a in v] for k, v in repo.actions_by("objective_id").items() if v}
            assert incremental == fresh, f"step {step}"


def test_lock_taken_in_one_thread_is_released_from_another(db_path: Path) -> None:
    import threading

    opened: list[Repository] = []
    worker = threading.Thread(target=lambda: opened.append(Repository(db_path)))
    worker.start()
    worker.join()
    opened[0].close()
    with Repository(db_path) as again:
        assert not again.read_only


def test_a_version_2_objective_keeps_its_typed_figure_and_a_deal_can_serve_it(db_path: Path) -> None:
    v2 = {"_meta": {"1": {"name": "Old", "schema_version": 2, "created_at": "2026-01-01T00:00:00Z"}},
          "goals": {"1": {"title": "Grow", "category": "revenue", "period_start": "2026-01-01",
                          "period_end": "2026-12-31"}},
          "objectives": {"1": {"goal_id": 1, "title": "Book $1M", "metric": "bookings", "target": 1000000,
                               "current": 5, "due": "2026-12-31"}},
          "accounts": {"1": {"name": "Acme"}},
          "deals": {"1": {"account_id": 1, "title": "Acme: pilot", "value": 100, "stage": "Prospect",
                          "expected_close": "2026-12-01"}}}
    db_path.write_text(json.dumps(v2))
    with Repository(db_path) as repo:
        objective = repo.get(Objective, 1)
        assert objective.measured_by == "manual" and objective.current == 5
        deal = repo.get(Deal, 1)
        repo.apply(Change("tie", (deal.model_copy(update={"objective_id": 1}),)))
        with pytest.raises(ValidationFailed, match="objective"):
            repo.apply(Change("tie", (deal.model_copy(update={"objective_id": 9}),)))
    with Repository(db_path) as repo:
        assert repo.get(Deal, 1).objective_id == 1
