"""Tests what the disk and other programs can do to a workspace: nothing is overwritten, nothing opens half-read."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from salesplan_tui.core.model.records import Action, ActionStatus, Goal
from salesplan_tui.core.plan import action_ops, rules
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import CorruptDatabase, OutsideChange, Repository, StorageError, backups
from salesplan_tui.core.storage.atomic import atomic_write, serialise
from salesplan_tui.core.storage.lock import WriterLock

from .workspace import CLOCK, applied, open_workspace


def outside_edit(path: Path, **goal_fields: object) -> None:
    """What a sync tool or another program does: replace the file with different content."""
    data = json.loads(path.read_bytes())
    data["goals"]["1"].update(goal_fields)
    atomic_write(path, serialise(data))


def test_a_file_changed_by_another_program_is_never_written_over(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        outside_edit(repo.path, title="Renamed elsewhere")
        theirs = repo.path.read_bytes()
        with pytest.raises(OutsideChange, match="changed by another program"):
            repo.apply(action_ops.complete(repo.get(Action, 1), CLOCK))
        assert repo.path.read_bytes() == theirs
        assert repo.changed_on_disk()
        repo.reload()
        assert repo.get(Goal, 1).title == "Renamed elsewhere" and not repo.can_undo
        applied(repo, action_ops.complete(repo.get(Action, 1), CLOCK))  # after the reload, writes go on
    with Repository(repo.path, read_only=True) as kept:
        assert kept.get(Goal, 1).title == "Renamed elsewhere" and kept.get(Action, 1).status == ActionStatus.DONE


def test_a_deleted_file_is_not_silently_recreated(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        repo.path.unlink()
        with pytest.raises(OutsideChange, match="deleted or moved") as gone:
            repo.apply(action_ops.complete(repo.get(Action, 1), CLOCK))
        assert gone.value.deleted and not repo.path.exists()
        with pytest.raises(StorageError, match="deleted or moved"):
            repo.reload()


def test_a_touched_file_with_the_same_content_is_written_as_usual(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        os.utime(repo.path, ns=(1, 1))
        assert not repo.changed_on_disk()
        applied(repo, action_ops.complete(repo.get(Action, 1), CLOCK))


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        real = repo.path
    link = tmp_path / "linked.json"
    link.symlink_to(real)
    with Repository(link) as through_link:
        assert through_link.path == real and not through_link.read_only
        applied(through_link, plan_ops.edit(through_link, through_link.get(Goal, 1), title="Via the link"))
        other_link = tmp_path / "other.json"
        other_link.symlink_to(real)
        with Repository(other_link) as second:  # the same real file: the lock is on it, not on the path typed
            assert second.read_only
    assert link.is_symlink()
    with Repository(real, read_only=True) as kept:
        assert kept.get(Goal, 1).title == "Via the link"


def test_a_loop_of_links_is_one_clear_error(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(StorageError, match="cannot be opened"):
        Repository(a)


@pytest.mark.parametrize(("content", "problem"), [
    (b'{"_meta": [1, 2]}', 'workspace record ("_meta") is not a table'),
    (b'{"_meta": {"1": "x"}}', 'workspace record ("_meta") is not a table'),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"_meta": {"1": {"name": "\xff\xfe"}}}', "not valid UTF-8"),
    (b'{"accounts": {"1": {"name": "A"}}, "deals": {"1": {"account_id": 1, "title": "t", "value": NaN, '
     b'"stage": "Prospect", "expected_close": "2026-12-01"}}}', "value: infinity and NaN are not amounts"),
    (b'{"_meta": {"1": {"schema_version": true}}}', "schema version True"),
])
def test_a_malformed_file_is_one_line_and_left_as_it_is(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(content)
    with pytest.raises(CorruptDatabase) as refused:
        Repository(path)
    assert problem in str(refused.value) and "\n" not in str(refused.value)
    assert path.read_bytes() == content


def test_timestamps_without_a_zone_are_read_as_utc(tmp_path: Path) -> None:
    naive = {"created_at": "2026-11-01T09:00:00", "completed_at": "2026-11-20T10:00:00", "status": "done"}
    with open_workspace(tmp_path, actions=[{"id": 2, "owner": "me", "target": "t", "outcome": "o",
                                            "due": "2026-11-30", "deal_id": 1, **naive}]) as repo:
        assert repo.get(Action, 2).created_at.tzinfo is not None
        assert isinstance(rules.check(repo, CLOCK.today()), list)  # naive and aware times never meet


def test_a_folder_that_cannot_be_written_opens_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_workspace(tmp_path) as repo:
        path = repo.path

    def read_only_mount(self: WriterLock, wait: float = 0.0) -> bool:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(WriterLock, "acquire", read_only_mount)
    before = path.read_bytes()
    with Repository(path) as repo:
        assert repo.read_only and "cannot be written to (Read-only file system)" in repo.read_only_reason
        assert repo.get(Goal, 1) is not None
    assert path.read_bytes() == before


def test_a_backup_that_fails_before_the_first_write_is_one_line_and_the_write_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_workspace(tmp_path) as repo:
        path = repo.path
    calls = []

    def full_disk(*args: object, **kwargs: object) -> None:
        calls.append(1)
        raise backups.BackupFailed(f"no backup of {path} was made (No space left on device)")

    monkeypatch.setattr("salesplan_tui.core.storage.store.make_backup", full_disk)
    with Repository(path) as repo:
        assert calls == [] and repo.problems == []  # opening writes nothing, so it copies nothing
        applied(repo, action_ops.complete(repo.get(Action, 1), CLOCK))
        applied(repo, action_ops.reopen(repo.get(Action, 1)))
        assert calls == [1] and len(repo.problems) == 1 and "No space left" in repo.problems[0]
    with Repository(path, read_only=True) as kept:
        assert kept.get(Action, 1).status == ActionStatus.OPEN and kept.get(Action, 1).completed_at is None


def test_a_file_replaced_by_a_folder_is_refused_and_a_failed_write_never_leaves_a_fragment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from salesplan_tui.core.storage import atomic

    with open_workspace(tmp_path) as repo:
        action = repo.get(Action, 1)
        real_write = atomic.atomic_write

        def full_disk(path: Path, payload: bytes) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic, "atomic_write", full_disk)
        with pytest.raises(StorageError, match="No space left"):
            repo.apply(action_ops.complete(action, CLOCK))
        monkeypatch.setattr(atomic, "atomic_write", real_write)
        saved = repo.path.read_bytes()
        repo.path.rename(tmp_path / "moved.json")
        repo.path.mkdir()
        with pytest.raises(OutsideChange):
            repo.apply(action_ops.complete(action, CLOCK))
        with pytest.raises(StorageError, match="is a folder"):
            repo.reload()
        repo.path.rmdir()
        with pytest.raises(OutsideChange):  # gone: a unit of work never starts from nothing
            repo.apply(action_ops.complete(action, CLOCK))
        assert not repo.path.exists() and (tmp_path / "moved.json").read_bytes() == saved
