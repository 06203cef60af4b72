"""Provides rotating backups beside the workspace file, and finding the newest good one."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from salesplan_tui.core.storage.atomic import fsync_dir
from salesplan_tui.core.storage.errors import StorageError

TEMP_PREFIX = ".partial-"
TEMP_SUFFIX = ".tmp"
_NAME = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9]{6}\.json")


class BackupFailed(StorageError):
    """A backup copy could not be made (the disk is full, say); every existing backup was left in place."""


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def backup_name(moment: dt.datetime) -> str:
    """The name salesplan gives a backup it makes: the moment, to the microsecond (`20261123-090000-123456.json`)."""
    return f"{moment:%Y%m%d-%H%M%S-%f}.json"


def is_backup_name(name: str) -> bool:
    """Whether a name is one salesplan gives its backups: a real moment, not a day ahead of now (a name made up to
    sort after every backup, `zz1.json`, `manual.json` or a sync tool's copy is never counted, never deleted)."""
    if not _NAME.fullmatch(name):
        return False
    try:
        moment = dt.datetime.strptime(name[:-5], "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return False
    return moment <= dt.datetime.now() + dt.timedelta(days=1)


def list_backups(path: Path) -> list[Path]:
    """The backups of path, newest first: the regular files (not links, FIFOs or folders) under a backup's name."""
    folder = backup_dir(path)
    try:
        names = [entry.name for entry in os.scandir(folder)
                 if is_backup_name(entry.name) and entry.is_file(follow_symlinks=False)]
    except OSError:  # no folder yet, or one that cannot be listed
        return []
    return [folder / name for name in sorted(names, reverse=True)]


def make_backup(path: Path, keep: int) -> Path | None:
    """Copies path into its backup folder and drops all but the newest `keep` copies.

    The copy is written under a temporary name, fsynced, checked to be as long as the file and only then
    renamed into place; old copies are dropped only after that. Call it only while holding the writer lock.

    Raises:
        BackupFailed: the copy could not be made; no partial copy is left and no old backup was dropped.
    """
    if keep <= 0 or not path.exists():
        return None
    folder = backup_dir(path)
    target = folder / backup_name(dt.datetime.now())
    tmp: str | None = None
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        _clean_partials(folder)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)  # mode 0600
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            expected = os.fstat(src.fileno()).st_size
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        copied = os.stat(tmp).st_size
        if copied != expected:
            raise OSError(0, f"the copy holds {copied} of {expected} bytes")
        os.replace(tmp, target)
        tmp = None
        fsync_dir(folder)
    except OSError as e:
        raise BackupFailed(f"cannot back up {path} into {folder}: {e.strerror or e}") from None
    finally:
        if tmp is not None:
            _unlink(Path(tmp))
    for old in list_backups(path)[keep:]:
        _unlink(old)
    return target


def newest_good_backup(path: Path, is_good: Callable[[Path], bool]) -> Path | None:
    return next((b for b in list_backups(path) if is_good(b)), None)


def _clean_partials(folder: Path) -> None:
    """Removes copies a killed or failed backup left behind (they never count as backups)."""
    for partial in folder.glob(TEMP_PREFIX + "*" + TEMP_SUFFIX):
        _unlink(partial)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
