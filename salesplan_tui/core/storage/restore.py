"""Provides bringing a backup back in place of the workspace file, keeping the current file aside."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import tempfile
from pathlib import Path

from salesplan_tui.core.storage.atomic import atomic_write, fsync_dir, read_regular
from salesplan_tui.core.storage.backups import list_backups
from salesplan_tui.core.storage.errors import StorageError
from salesplan_tui.core.storage.lock import WriterLock
from salesplan_tui.core.storage.schema import check_bytes, file_problem


def list_for(path: Path) -> list[tuple[Path, str | None]]:
    """Each backup of path, newest first, with what is wrong with it (None when it opens cleanly)."""
    return [(b, file_problem(b)) for b in list_backups(path)]


def restore(path: Path, backup: Path | None, *, latest: bool = False, wait: float = 0.0) -> tuple[Path, Path | None]:
    """Replaces path with a good backup; returns (the backup used, where the previous file was kept).

    The backup is read once, through the bounded reader (a FIFO or a device given by mistake is refused in one line),
    and what was checked is what is written. A symlinked workspace is restored into the file it points to (the link
    stays a link). `wait` is how many seconds to wait for another writer to let go of the file.
    """
    if backup is None:
        good = [b for b, problem in list_for(path) if problem is None]
        if not good:
            raise StorageError(f"no good backup of {path} was found")
        backup = good[0]
    try:
        payload = read_regular(backup)
        check_bytes(payload)
    except (OSError, ValueError) as e:
        problem = (e.strerror or str(e)) if isinstance(e, OSError) else str(e)
        raise StorageError(f"{backup} cannot be restored: {problem}") from None
    target = Path(os.path.realpath(path))
    locks = [WriterLock(p, role="command") for p in dict.fromkeys((path, target))]
    try:
        if not all(lock.acquire(wait) for lock in locks):
            raise StorageError(f"{path} is open in another salesplan; close it before restoring")
        return backup, _replace(target, payload)
    except OSError as e:
        raise StorageError(f"cannot restore into {path}: {e.strerror}") from None
    finally:
        for lock in locks:
            lock.release()


def _replace(target: Path, payload: bytes) -> Path | None:
    """Keeps the current file aside (a whole copy under a name of its own, or none), then puts the backup in place."""
    kept = None
    if target.exists():
        kept = keep_aside(target)
    atomic_write(target, payload)
    return kept


def keep_aside(target: Path) -> Path:
    """Copies the file, as a backup is made (a temporary copy, fsynced, checked whole), to a name no other copy has:
    `<name>.before-restore-<moment>`; an existing copy is never replaced (a second restore in the same microsecond, or
    a copy someone put there, gets `-2`, `-3`, ...)."""
    current = read_regular(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(current)
            out.flush()
            os.fsync(out.fileno())
        stem = f"{target.name}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S-%f}"
        for n in range(1, 1000):
            kept = target.with_name(stem if n == 1 else f"{stem}-{n}")
            try:
                os.link(tmp, kept)  # fails when the name is taken: nothing is ever written over
            except FileExistsError:
                continue
            except OSError as e:  # a file system without hard links: a copy made under that name, exclusively
                if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                try:
                    _write_new(kept, current)
                except FileExistsError:
                    continue
            fsync_dir(target.parent)
            return kept
        raise FileExistsError(errno.EEXIST, f"no free name for a copy of {target}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _write_new(path: Path, payload: bytes) -> None:
    """Writes a file that must not exist yet (FileExistsError when it does), fsynced."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(payload)
        out.flush()
        os.fsync(out.fileno())
