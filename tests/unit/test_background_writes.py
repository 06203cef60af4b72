"""Tests writes on a thread of their own (the app's): memory at once, the file in order, a failure rolled back."""

from __future__ import annotations

import errno
import os
import random
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from salesplan_tui.core.model.records import Action, ActionStatus, Goal
from salesplan_tui.core.plan import action_ops, goal_ops
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.storage.store import Batch, FileStore
from tests.unit.test_kill9 import Reports
from tests.unit.workspace import CLOCK, open_workspace

WRITER = "salesplan-writer"
WAIT = 30.0  # seconds: only a hung writer comes near it


class Disk:
    """os.fsync as the writer thread sees it: held until let go (a slow disk), or failing (a full one)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.open.set()
        self.waiting = threading.Event()  # set while the writer is held in an fsync
        self.full = False
        self.only_call: int | None = None  # hold only this fsync of each write (1: the file's, 2: the folder's)
        self._calls = 0
        real = os.fsync

        def fsync(fd: int) -> None:
            if threading.current_thread().name == WRITER:
                self._calls += 1
                if self.only_call is None or (self._calls - 1) % 2 + 1 == self.only_call:
                    self.waiting.set()
                    assert self.open.wait(WAIT), "the test never let the disk go"
                    self.waiting.clear()
                if self.full:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)

    def hold(self) -> None:
        self.open.clear()

    def let_go(self) -> None:
        self.open.set()


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(monkeypatch)


class Failures:
    """What the writer thread reported."""

    def __init__(self) -> None:
        self.reported = threading.Event()

    def __call__(self) -> None:
        self.reported.set()


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    with open_workspace(tmp_path) as opened:
        yield opened


def _the_action(repo: Repository) -> Action:
    found = repo.get(Action, 1)
    assert found is not None
    return found


def _stored_status(path: Path) -> ActionStatus:
    with Repository(path, read_only=True) as stored:
        return _the_action(stored).status


def test_a_change_is_in_memory_at_once_and_in_the_file_once_its_write_is_done(repo: Repository, disk: Disk) -> None:
    repo.write_in_background(Failures())
    disk.hold()
    repo.apply(action_ops.toggle_done(_the_action(repo), CLOCK))
    assert disk.waiting.wait(WAIT)  # the write is on its way, held in the disk
    assert _the_action(repo).status == ActionStatus.DONE and repo.writing
    assert _stored_status(repo.path) == ActionStatus.OPEN
    disk.let_go()
    assert repo.wait_for_writes(WAIT) and not repo.writing
    assert _stored_status(repo.path) == ActionStatus.DONE


def test_writes_are_made_in_order_one_at_a_time_and_those_queued_meanwhile_as_one(
        repo: Repository, disk: Disk, monkeypatch: pytest.MonkeyPatch) -> None:
    persisted: list[str] = []
    at_once = [0, 0]  # writes in flight now, the most ever
    real = FileStore.persist

    def persist(store: FileStore, batch: Batch) -> None:
        at_once[0] += 1
        at_once[1] = max(at_once)
        try:
            real(store, batch)
            persisted.append(batch.label)
        finally:
            at_once[0] -= 1

    monkeypatch.setattr(FileStore, "persist", persist)
    repo.write_in_background(Failures())
    disk.hold()
    labels = []
    for n in range(5):
        change = goal_ops.add(repo, Goal, title=f"goal {n}", category="revenue", period_start="2026-01-01",
                              period_end="2026-12-31")
        repo.apply(change)
        labels.append(change.label)
        if n == 0:
            assert disk.waiting.wait(WAIT)  # the first is being written (held in the disk) before the others come
    assert len(repo.all(Goal)) == 6  # all in memory while the first write is still held
    disk.let_go()
    assert repo.wait_for_writes(WAIT)
    # The first went while the disk was held; the four made meanwhile are one write: the last, holding them all.
    assert persisted == [labels[0], labels[-1]] and at_once[1] == 1
    with Repository(repo.path, read_only=True) as stored:
        assert [g.title for g in stored.all(Goal)][1:] == [f"goal {n}" for n in range(5)]
    assert not repo.writing and repo.can_undo
    repo.undo()  # each is still its own undo step
    assert repo.wait_for_writes(WAIT)
    with Repository(repo.path, read_only=True) as stored:
        assert [g.title for g in stored.all(Goal)][1:] == [f"goal {n}" for n in range(4)]


def test_a_full_disk_rolls_back_the_change_and_those_queued_after_it_and_leaves_the_file_as_it_was(
        repo: Repository, disk: Disk) -> None:
    failed = Failures()
    repo.write_in_background(failed)
    before = repo.path.read_bytes()
    disk.hold()
    done = action_ops.toggle_done(_the_action(repo), CLOCK)
    repo.apply(done)
    added = goal_ops.add(repo, Goal, title="Grow Fabrikam", category="revenue", period_start="2026-01-01",
                         period_end="2026-12-31")
    repo.apply(added)  # built on the first: it goes with it
    assert repo.can_undo and len(repo.all(Goal)) == 2
    disk.full = True
    disk.let_go()
    assert failed.reported.wait(WAIT)
    assert not repo.changed_on_disk()  # its own failed write is not another program's change
    rolled = repo.roll_back_failed()
    assert rolled is not None and not rolled.outside
    assert rolled.labels == [done.label, added.label]
    assert rolled.line.startswith(f"could not save to {repo.path} (No space left on device); undone here: ")
    assert _the_action(repo).status == ActionStatus.OPEN and len(repo.all(Goal)) == 1 and not repo.can_undo
    assert repo.path.read_bytes() == before
    assert repo.roll_back_failed() is None  # said once
    disk.full = False  # the disk has room again: the next change is written
    repo.apply(action_ops.toggle_done(_the_action(repo), CLOCK))
    assert repo.wait_for_writes(WAIT)
    assert _stored_status(repo.path) == ActionStatus.DONE


def test_a_failed_undo_puts_the_change_it_undid_back_and_keeps_it_undoable(repo: Repository, disk: Disk) -> None:
    failed = Failures()
    repo.write_in_background(failed)
    repo.apply(action_ops.toggle_done(_the_action(repo), CLOCK))
    assert repo.wait_for_writes(WAIT)
    disk.full = True
    undone = repo.undo()
    assert undone is not None and _the_action(repo).status == ActionStatus.OPEN and repo.can_redo
    assert failed.reported.wait(WAIT)
    rolled = repo.roll_back_failed()
    assert rolled is not None and rolled.labels == [f"undo {undone[0]}"]
    assert _the_action(repo).status == ActionStatus.DONE and repo.can_undo and not repo.can_redo
    assert _stored_status(repo.path) == ActionStatus.DONE


def test_its_own_write_in_flight_is_never_taken_for_an_outside_change(repo: Repository, disk: Disk) -> None:
    repo.write_in_background(Failures())
    disk.only_call = 2  # held after the file was replaced, before the write is done
    disk.hold()
    repo.apply(action_ops.toggle_done(_the_action(repo), CLOCK))
    assert disk.waiting.wait(WAIT)
    assert _stored_status(repo.path) == ActionStatus.DONE  # the new file is in place
    assert not repo.changed_on_disk()
    disk.let_go()
    assert repo.wait_for_writes(WAIT)
    assert not repo.changed_on_disk()
    repo.path.write_bytes(repo.path.read_bytes().replace(b'"Test"', b'"Edited elsewhere"'))
    assert repo.changed_on_disk()


def test_an_outside_change_found_by_the_writer_rolls_back_and_leaves_the_other_programs_file(
        repo: Repository, disk: Disk) -> None:
    failed = Failures()
    repo.write_in_background(failed)
    disk.hold()
    repo.apply(action_ops.toggle_done(_the_action(repo), CLOCK))  # held in its write
    assert disk.waiting.wait(WAIT)
    disk.let_go()
    assert repo.wait_for_writes(WAIT)
    theirs = repo.path.read_bytes().replace(b'"Test"', b'"Edited elsewhere"')
    repo.path.write_bytes(theirs)
    repo.apply(action_ops.toggle_done(_the_action(repo), CLOCK))
    assert failed.reported.wait(WAIT)
    rolled = repo.roll_back_failed()
    assert rolled is not None and rolled.outside and "changed by another program" in rolled.line
    assert repo.path.read_bytes() == theirs


def test_closing_waits_for_the_last_write_and_keeps_it(tmp_path: Path, disk: Disk) -> None:
    repo = open_workspace(tmp_path)
    repo.write_in_background(Failures())
    disk.hold()
    repo.apply(action_ops.toggle_done(_the_action(repo), CLOCK))
    assert disk.waiting.wait(WAIT)
    closing = threading.Thread(target=repo.close)
    closing.start()
    closing.join(0.2)
    assert closing.is_alive()  # it cannot have closed: the write it waits for is held
    disk.let_go()
    closing.join(WAIT)
    assert not closing.is_alive()
    assert _stored_status(repo.path) == ActionStatus.DONE


def _background_writer(path: Path, start: int, report: int) -> None:
    """Runs in the forked child: adds goals as the app does, reporting each id once its write is done."""
    try:
        repo = Repository(path, keep_backups=0)
        real = repo._store.persist

        def reported_persist(batch: Batch) -> None:
            real(batch)
            ids = [record_id for name, record_id, _ in batch.changed if name == "goals"]
            os.write(report, "".join(f"{i}\n" for i in ids).encode())

        repo._store.persist = reported_persist  # type: ignore[method-assign]  # the child reports what is on disk
        repo.write_in_background(lambda: os._exit(3))
        n = start
        while True:
            repo.apply(goal_ops.add(repo, Goal, title=f"goal {n}", category="revenue", period_start="2026-01-01",
                                    period_end="2026-12-31"))
            n += 1
            if n % 4 == 0:
                repo.wait_for_writes()  # now and then the queue runs dry, as between keys
    finally:
        os._exit(1)


def test_a_kill_while_writes_are_queued_loses_nothing_whose_write_was_done(tmp_path: Path) -> None:
    path = tmp_path / "kill9.json"
    rng = random.Random(27)
    reported: set[int] = set()
    for trial in range(20):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _background_writer(path, trial * 1000, write_end)
        os.close(write_end)
        reports = Reports(read_end)
        try:
            reports.wait_for(rng.choice((1, 2, 3)), pid)
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        reports.drain()
        reported |= set(reports.ids)
        with Repository(path, read_only=True) as stored:  # always opens: a kill never leaves a torn file
            kept = {g.id for g in stored.all(Goal)}
        assert not reported - kept, f"trial {trial}: written but lost: {sorted(reported - kept)[:5]}"
    assert reported


def test_a_seller_named_in_a_write_that_failed_is_the_old_name_again_in_memory(repo: Repository, disk: Disk) -> None:
    from salesplan_tui.core.plan.seller_ops import set_seller

    repo.apply(set_seller(repo.workspace, "Dana Ruiz"))  # written before the writer thread starts
    failed = Failures()
    repo.write_in_background(failed)
    disk.full = True
    repo.apply(set_seller(repo.workspace, "Lena Park"))
    assert repo.workspace.seller == "Lena Park"  # memory at once
    assert failed.reported.wait(WAIT)
    rolled = repo.roll_back_failed()
    assert rolled is not None
    assert repo.workspace.seller == "Dana Ruiz"  # memory holds what the file holds
    with Repository(repo.path, read_only=True) as stored:
        assert stored.workspace.seller == "Dana Ruiz"


def test_a_failed_write_of_changes_queued_together_rolls_back_each_of_them(repo: Repository, disk: Disk,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = FileStore.persist

    def persist(store: FileStore, batch: Batch) -> None:
        calls.append(batch.label)
        if len(calls) == 2:  # the write of the changes queued while the first was going
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(store, batch)

    monkeypatch.setattr(FileStore, "persist", persist)
    failed = Failures()
    repo.write_in_background(failed)
    disk.hold()
    done = action_ops.toggle_done(_the_action(repo), CLOCK)
    repo.apply(done)
    assert disk.waiting.wait(WAIT)
    first = goal_ops.add(repo, Goal, title="goal 0", category="revenue", period_start="2026-01-01",
                         period_end="2026-12-31")
    repo.apply(first)
    second = goal_ops.add(repo, Goal, title="goal 1", category="revenue", period_start="2026-01-01",
                          period_end="2026-12-31")
    repo.apply(second)
    disk.let_go()
    assert failed.reported.wait(WAIT)
    rolled = repo.roll_back_failed()
    assert calls == [done.label, second.label]  # the two goals were one write, and it failed
    assert rolled is not None and rolled.labels == [first.label, second.label]
    assert len(repo.all(Goal)) == 1 and _the_action(repo).status == ActionStatus.DONE and repo.can_undo
    assert _stored_status(repo.path) == ActionStatus.DONE  # the first write was kept
    with Repository(repo.path, read_only=True) as stored:
        assert len(stored.all(Goal)) == 1
