"""Provides where an export may be written: never the workspace, its lock, backups or inbox, nor a folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from salesplan_tui.core.storage.atomic import atomic_write
from salesplan_tui.core.storage.backups import backup_dir
from salesplan_tui.core.storage.errors import StorageError

NOTHING = "Nothing was written."


def destination(given: Path, workspace: Path, force: bool) -> Path:
    """Where `export -o` may write: never the workspace, its lock, its backups or its inbox, nor a folder; an existing
    regular file only with --force (through a symlink: into its target, the link stays); a device or FIFO as is."""
    nothing = NOTHING
    try:
        mode = given.stat().st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        mode = None  # a folder on the way is a file: said below, naming it
    except OSError as e:
        raise StorageError(f"cannot write {given}: {e.strerror}. {nothing}") from None
    if mode is None and (blocking := _file_on_the_way(given)) is not None:
        raise StorageError(f"{given} cannot be written: {blocking} is a file, not a folder; choose another folder "
                           f"or file name. {nothing}")
    target = given if mode is not None and not stat.S_ISREG(mode) else Path(os.path.realpath(given))
    guarded = {Path(os.path.realpath(workspace)), workspace.absolute()}
    guarded |= {p.with_name(p.name + ".lock") for p in guarded}
    folders = {Path(os.path.realpath(backup_dir(p))) for p in guarded}
    if target in guarded or _ids([target]) & _ids(guarded):
        raise StorageError(f"{given} is the workspace file itself; export to another file. {nothing}")
    in_backups = _ids(f for folder in folders if folder.is_dir() for f in folder.iterdir())
    if any(target.is_relative_to(folder) for folder in folders) or _ids([target]) & in_backups:
        raise StorageError(f"{given} is one of the workspace's backups; export to another file. {nothing}")
    inboxes = {Path(os.path.realpath(inbox_dir(p))) for p in guarded}
    if any(target.is_relative_to(folder) for folder in inboxes) or _ids([target.parent]) & _ids(inboxes):
        raise StorageError(f"{given} is in the workspace's inbox, where the app would take it in as a captured "
                           f"action; export to another folder. {nothing}")
    if mode is not None and stat.S_ISDIR(mode):
        raise StorageError(f"{given} is a folder; give a file name. {nothing}")
    if mode is not None and (stat.S_ISREG(mode) or stat.S_ISBLK(mode)) and not force:
        raise StorageError(f"{given} already exists; add --force to replace it. {nothing}")
    return target


def _file_on_the_way(given: Path) -> Path | None:
    """The first folder of the path that is in fact a file (`notes.txt/plan.md`), or None when there is none."""
    for parent in reversed(given.absolute().parents):
        if parent.exists() and not parent.is_dir():
            return parent
        if not parent.exists():
            return None
    return None


def inbox_dir(workspace: Path) -> Path:
    """The workspace's inbox folder, as core/capture/inbox.py names it (exchange may not import capture, a sibling
    layer; a test keeps the two the same)."""
    return workspace.with_name(workspace.name + ".inbox")


def _ids(paths: Iterable[Path]) -> set[tuple[int, int]]:
    """(device, inode) of each path that exists: a hard link is the same file under another name."""
    found = set()
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        found.add((st.st_dev, st.st_ino))
    return found


def write_out(target: Path, payload: bytes, shown: str) -> None:
    """A regular file is replaced atomically; a device or a FIFO is opened and written to, never replaced."""
    try:
        if target.exists() and not target.is_file():
            with open(os.open(target, os.O_WRONLY), "wb") as out:
                out.write(payload)
        else:
            atomic_write(target, payload)
    except FileNotFoundError as e:
        if target.parent.is_dir():
            raise StorageError(f"cannot write {shown}: {e.strerror}. {NOTHING}") from None
        raise StorageError(f"cannot write {shown}: the folder {target.parent} does not exist; make it first, or "
                           f"choose a folder that does. {NOTHING}") from None
    except OSError as e:
        raise StorageError(f"cannot write {shown}: {e.strerror}. {NOTHING}") from None
