"""Tests the rotating backups and restoring them: never a partial copy, never a good backup pushed out, links kept."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.storage import Repository
from salesplan_tui.core.storage.backups import BackupFailed, backup_dir, list_backups, make_backup
from salesplan_tui.core.storage.errors import StorageError
from salesplan_tui.core.storage.restore import restore

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace with five good backups."""
    path = tmp_path / "workspace.json"
    Repository(path, keep_backups=0).close()
    for _ in range(5):
        make_backup(path, keep=5)
    assert len(list_backups(path)) == 5
    return path


def folder_state(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in backup_dir(path).iterdir()}


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file copy writes half of its bytes, then fails with ENOSPC (however the copy is made)."""

    def copyfileobj(src, dst, length=0):
        data = src.read()
        dst.write(data[: len(data) // 2])
        raise ENOSPC

    def copyfile(src, dst, *, follow_symlinks=True):
        with open(src, "rb") as fsrc, open(dst, "wb") as fdst:
            copyfileobj(fsrc, fdst)

    monkeypatch.setattr(shutil, "copyfileobj", copyfileobj)
    monkeypatch.setattr(shutil, "copyfile", copyfile)


def test_a_backup_is_a_complete_private_copy_and_old_ones_rotate_out(workspace: Path) -> None:
    newest = make_backup(workspace, keep=5)
    assert newest == list_backups(workspace)[0] and newest.read_bytes() == workspace.read_bytes()
    assert oct(newest.stat().st_mode & 0o777) == oct(0o600)
    assert len(list_backups(workspace)) == 5 and len(list(backup_dir(workspace).iterdir())) == 5


def test_a_full_disk_raises_backup_failed_in_one_line_and_leaves_no_partial_copy(workspace: Path, full_disk: None) -> None:
    before = folder_state(workspace)
    with pytest.raises(BackupFailed) as caught:
        make_backup(workspace, keep=5)
    message = str(caught.value)
    assert "\n" not in message and str(workspace) in message and "No space left on device" in message
    assert isinstance(caught.value, StorageError)
    assert folder_state(workspace) == before


def test_six_failed_backups_in_a_row_keep_the_five_good_ones(workspace: Path, full_disk: None) -> None:
    before = folder_state(workspace)
    for _ in range(6):
        with pytest.raises(BackupFailed):
            make_backup(workspace, keep=5)
    assert folder_state(workspace) == before


def test_a_short_copy_is_not_a_backup(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def short(src, dst, length=0):
        dst.write(src.read()[:10])

    monkeypatch.setattr(shutil, "copyfileobj", short)
    monkeypatch.setattr(shutil, "copyfile", lambda src, dst, **_: Path(dst).write_bytes(Path(src).read_bytes()[:10]))
    before = folder_state(workspace)
    with pytest.raises(BackupFailed, match="holds 10 of"):
        make_backup(workspace, keep=5)
    assert folder_state(workspace) == before


def test_a_partial_copy_left_by_a_killed_backup_never_counts_and_is_swept(workspace: Path) -> None:
    partial = backup_dir(workspace) / ".partial-abc.tmp"
    partial.write_bytes(b"")
    assert partial not in list_backups(workspace)
    make_backup(workspace, keep=5)
    assert not partial.exists() and len(list_backups(workspace)) == 5


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


def test_six_failed_opens_on_a_full_disk_keep_the_five_good_backups(workspace: Path) -> None:
    """The real thing: `salesplan add` in a process that cannot write more than 64 bytes to any file."""
    before, file_before = folder_state(workspace), workspace.read_bytes()
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    sentence = "By Friday I'll get Lena at Fabrikam to confirm the PO number."
    for _ in range(6):
        result = subprocess.run([sys.executable, "-m", "salesplan_tui", "add", sentence, "--db", str(workspace)],
                                capture_output=True, text=True, timeout=60, env=env, preexec_fn=_limit_file_size)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("salesplan: ") and result.stderr.count("\n") == 1, result.stderr
    assert folder_state(workspace) == before and workspace.read_bytes() == file_before


def test_restore_on_a_full_disk_keeps_no_partial_copy_aside(workspace: Path) -> None:
    before = workspace.read_bytes()
    result = subprocess.run([sys.executable, "-m", "salesplan_tui", "restore", "--latest", "--db", str(workspace)],
                            capture_output=True, text=True, timeout=60, preexec_fn=_limit_file_size,
                            env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 2 and result.stderr.startswith("salesplan: ") and result.stderr.count("\n") == 1
    assert workspace.read_bytes() == before
    assert [p.name for p in workspace.parent.iterdir() if "before-restore" in p.name] == []


def test_restore_through_a_symlink_writes_the_target_and_keeps_the_link(workspace: Path) -> None:
    link = workspace.with_name("link.json")
    link.symlink_to(workspace)
    workspace.write_bytes(workspace.read_bytes().replace(b'"name"', b'"name" ', 1))
    changed = workspace.read_bytes()
    backup, kept = restore(link, list_backups(workspace)[0])
    assert link.is_symlink() and workspace.read_bytes() == backup.read_bytes()
    assert kept is not None and kept.read_bytes() == changed
