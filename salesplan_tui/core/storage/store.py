"""Provides the persistence seam: a Batch (a change's lines, made by the repository) and FileStore, which keeps it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from salesplan_tui.core.storage.atomic import Stamp, TrackedFile
from salesplan_tui.core.storage.backups import BackupFailed, make_backup
from salesplan_tui.core.storage.layout import render
from salesplan_tui.core.storage.migrations import META_TABLE

# Seconds every write of the file waits before it starts, as a slow disk (a synced or network folder) would: to try
# by hand that no key waits for the disk (docs/benchmarks.md). Unset, or not a number: no wait.
WRITE_DELAY_VARIABLE = "SALESPLAN_WRITE_DELAY"


def _write_delay() -> float:
    try:
        return max(0.0, float(os.environ.get(WRITE_DELAY_VARIABLE, "")))
    except ValueError:
        return 0.0


@dataclass(frozen=True)
class Batch:
    """What one change leaves to persist, computed by the repository and never changed after: the workspace's facts,
    every table's lines in id order as they are after the change (a store that writes the whole file uses these),
    and the lines the change replaced (a store that writes rows uses these: None removes the record)."""

    label: str
    facts: bytes
    tables: dict[str, list[bytes]]
    changed: tuple[tuple[str, int, bytes | None], ...] = field(default=())

    def render(self) -> bytes:
        """The whole workspace file."""
        return render({META_TABLE: [self.facts], **self.tables})


class Store(Protocol):
    """Where batches are kept. The repository calls `persist` in order, one at a time (on a thread of its own in the
    app); a store raises OutsideChange when what it holds is no longer what it last read or wrote, and OSError or
    StorageError when it cannot keep the batch: the batch is then not kept at all."""

    def persist(self, batch: Batch) -> None: ...

    def unchanged_on_disk(self) -> bool: ...


class FileStore:
    """Keeps batches in the workspace file: a backup of the file as it was before the session's first write, then one
    atomic replace of the whole file (two fsyncs), checked first to still be the file last read or written.

    Args:
        path: the workspace file.
        keep_backups: how many rotating copies to keep beside it (0: none).
        problems: where a backup that could not be made is said (the write itself still goes ahead).
    """

    whole = True  # each batch is written as the whole file: of several queued, the last alone may be written

    def __init__(self, path: Path, keep_backups: int, problems: list[str]) -> None:
        self.path = path
        self.file = TrackedFile(path, None)
        self._keep_backups = keep_backups
        self._backed_up = False
        self._problems = problems
        self._delay = _write_delay()

    def track(self, stamp: Stamp | None, *, read_only: bool) -> None:
        """From now on the file is the one with this stamp (just read)."""
        self.file = TrackedFile(self.path, stamp, read_only=read_only)

    def unchanged_on_disk(self) -> bool:
        return self.file.unchanged_on_disk()

    def persist(self, batch: Batch) -> None:
        self.write(batch.render())

    def write(self, payload: bytes) -> None:
        """Replaces the whole file with payload (the backup first, once a session)."""
        if self._delay:
            time.sleep(self._delay)
        self._backup_before_writing()
        self.file.write(payload)

    def _backup_before_writing(self) -> None:
        """Keeps a copy of the file as it was before this session's first write; a session that writes nothing
        (a refused command, a look around) makes none, so mistakes never push good backups out."""
        if self._backed_up or self._keep_backups <= 0 or not self.path.exists():
            return
        self._backed_up = True
        try:
            make_backup(self.path, self._keep_backups)
        except BackupFailed as e:  # the write itself may still succeed: say that it has no fresh backup
            self._problems.append(str(e))
