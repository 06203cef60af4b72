"""Provides bringing a backup back in place of the workspace file, keeping the current file aside."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from salesplan_tui.core.storage.atomic import atomic_write
from salesplan_tui.core.storage.backups import list_backups
from salesplan_tui.core.storage.errors import StorageError
from salesplan_tui.core.storage.lock import WriterLock
from salesplan_tui.core.storage.schema import file_problem


def list_for(path: Path) -> list[tuple[Path, str | None]]:
    """Each backup of path, newest first, with what is wrong with it (None when it opens cleanly)."""
    return [(b, file_problem(b)) for b in list_backups(path)]


def restore(path: Path, backup: Path | None, *, latest: bool = False, wait: float = 0.0) -> tuple[Path, Path | None]:
    """Replaces path with a good backup; returns (the backup used, where the previous file was kept).

    A symlinked workspace is restored into the file it points to (the link stays a link). `wait` is how many
    seconds to wait for another writer to let go of the file.
    """
    if backup is None:
        good = [b for b, problem in list_for(path) if problem is None]
        if not good:
            raise StorageError(f"no good backup of {path} was found")
        backup = good[0]
    problem = file_problem(backup)
    if problem:
        raise StorageError(f"{backup} cannot be restored: {problem}")
    target = Path(os.path.realpath(path))
    locks = [WriterLock(p) for p in dict.fromkeys((path, target))]
    try:
        if not all(lock.acquire(wait) for lock in locks):
            raise StorageError(f"{path} is open in another salesplan; close it before restoring")
        return backup, _replace(target, backup)
    except OSError as e:
        raise StorageError(f"cannot restore into {path}: {e.strerror}") from None
    finally:
        for lock in locks:
            lock.release()


def _replace(target: Path, backup: Path) -> Path | None:
    """Keeps the current file aside (a whole copy or none), then puts the backup in its place."""
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.name}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}")
        atomic_write(kept, target.read_bytes())
    atomic_write(target, backup.read_bytes())
    return kept
