"""Provides rotating backups beside the workspace file, and finding the newest good one."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + ".backups")


def list_backups(path: Path) -> list[Path]:
    """Returns the backups of path, newest first."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"), reverse=True)


def make_backup(path: Path, keep: int) -> Path | None:
    """Copies path into its backup folder and drops all but the newest `keep` copies."""
    if keep <= 0 or not path.exists():
        return None
    folder = backup_dir(path)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}.json"
    shutil.copy2(path, target)
    target.chmod(0o600)
    for old in list_backups(path)[keep:]:
        old.unlink(missing_ok=True)
    return target


def newest_good_backup(path: Path, is_good: Callable[[Path], bool]) -> Path | None:
    return next((b for b in list_backups(path) if is_good(b)), None)
