"""Provides bringing a backup back in place of the workspace file, keeping the current file aside."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from .atomic import atomic_write
from .backups import list_backups
from .errors import StorageError
from .lock import WriterLock
from .schema import file_problem


def list_for(path: Path) -> list[tuple[Path, str | None]]:
    """Each backup of path, newest first, with what is wrong with it (None when it opens cleanly)."""
    return [(b, file_problem(b)) for b in list_backups(path)]


def restore(path: Path, backup: Path | None, *, latest: bool = False) -> tuple[Path, Path | None]:
    """Replaces path with a good backup; returns (the backup used, where the previous file was kept)."""
    if backup is None:
        good = [b for b, problem in list_for(path) if problem is None]
        if not good:
            raise StorageError(f"no good backup of {path} was found")
        backup = good[0]
    problem = file_problem(backup)
    if problem:
        raise StorageError(f"{backup} cannot be restored: {problem}")
    lock = WriterLock(path)
    if not lock.acquire():
        raise StorageError(f"{path} is open in another salesplan; close it before restoring")
    try:
        kept = None
        if path.exists():
            kept = path.with_name(f"{path.name}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}")
            shutil.copy2(path, kept)
        atomic_write(path, backup.read_bytes())
    except OSError as e:
        raise StorageError(f"cannot restore into {path}: {e.strerror}") from None
    finally:
        lock.release()
    return backup, kept
