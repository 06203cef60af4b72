"""Provides ServerRepository: the Repository with its records on a PostgreSQL server instead of in a file.

Everything above the store is the Repository's own (the tables in memory, undo, the apply path and its checks); only
`_persist` and the reading differ. The server's rows are read through the file reader itself (rendered in the file's
layout, then split and validated), so a record is accepted, migrated or refused in the same words on both backends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from salesplan_tui.core.base import paths
from salesplan_tui.core.model.change import Changed
from salesplan_tui.core.model.records import TABLES, Workspace, ready
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.storage.errors import ReadOnlyError, StorageError
from salesplan_tui.core.storage.layout import record_line, render, split
from salesplan_tui.core.storage.lines import has_long_number
from salesplan_tui.core.storage.loading import from_json, from_lines, paused_gc
from salesplan_tui.core.storage.migrations import META_TABLE
from salesplan_tui.core.storage.repository import Repository
from salesplan_tui.core.storage.server_address import ServerAddress
from salesplan_tui.core.storage.server_store import ServerStore, ServerUnreachable
from salesplan_tui.core.storage.tables import Table

LOST_REASON = "the server cannot be reached; this window is read-only until it is back"


def stand_in(address: ServerAddress) -> Path:
    """A local place for what the app keeps beside a workspace (exports, review notes): one per server workspace.

    Named by a digest of the address without any password, so no credential is ever part of a path."""
    digest = hashlib.sha256(f"{address.url}".encode()).hexdigest()[:16]
    return paths.data_dir() / "servers" / digest / "workspace.json"


def workspace_from_rows(facts: bytes, rows: dict[str, dict[int, bytes]]) -> tuple[Workspace, dict[str, Table], bool]:
    """A workspace from its rows, read by the file reader itself (laid out as the file is, then split and validated);
    with whether it is of the current schema (False: brought up to date in memory). Raises ValueError saying what is
    wrong."""
    unknown = set(rows) - set(TABLES)
    if unknown:
        raise ValueError(f"it holds records of a kind this salesplan does not know ({', '.join(sorted(unknown))}); "
                         "update salesplan")
    raw = render({META_TABLE: [record_line(1, facts)],
                  **{name: [record_line(i, body) for i, body in sorted(rows.get(name, {}).items())] for name in TABLES}})
    with paused_gc():
        cut = split(raw, blocks=False)
        found = from_lines(cut, careful=has_long_number(raw)) if cut is not None else None
        workspace, tables = found if found is not None else from_json(raw)
    return workspace, tables, found is not None and workspace.schema_version == SCHEMA_VERSION


class _NoLock:
    """The server needs no writer lock: the row version decides between writers."""

    def release(self) -> None:
        return None

    def acquire(self, wait: float = 0.0) -> bool:
        return True


class ServerRepository(Repository):
    """A workspace on a PostgreSQL server, opened for reading and writing (or read-only).

    Args:
        address: the server and the workspace's name (`ServerAddress.parse`).
        read_only: never writes; a workspace missing is then an error, not made.
        listen: hears other writers' changes (LISTEN/NOTIFY): the app's live window.
    """

    def __init__(self, address: ServerAddress, *, read_only: bool = False, listen: bool = False,
                 **_file_only: Any) -> None:
        self.address = address
        self.server = True  # the app follows it with ServerFollower
        self.path = stand_in(address)
        self.read_only_reason = "opened read-only" if read_only else ""
        self.problems: list[str] = []
        self._lazy = False
        self._lock = _NoLock()  # type: ignore[assignment]  # the file's lock is not needed on a server
        self._undo = []
        self._redo = []
        self._queue = None
        self._unsaved = []
        self._index = {}
        self._links_checked = True
        self._listening = listen
        self._server = ServerStore(address)
        self._store = self._server  # type: ignore[assignment]  # the Store protocol (store.py), in rows
        self._server.connect()
        try:
            self._server.open(None if read_only else self._new_facts())
            self._read()
            if listen:
                self._server.listen()
        except BaseException:
            self._server.close()
            raise

    def __str__(self) -> str:
        return str(self.address)

    # ----- opening and following -------------------------------------------------------------------

    def _new_facts(self) -> bytes:
        workspace = Workspace(name=self.address.workspace)
        return ready(Workspace).__pydantic_serializer__.to_json(workspace)

    def _read(self) -> None:
        snapshot = self._server.read()
        try:
            workspace, tables, current = workspace_from_rows(snapshot.facts, snapshot.rows)
        except ValueError as e:
            raise StorageError(f"the workspace {self.address} cannot be read: {e}. Nothing was changed.") from None
        self._server.stale = not current
        self._server.seen = snapshot.version
        self._workspace, self._tables = workspace, tables

    def changed_on_disk(self) -> bool:
        """Whether another writer changed the workspace on the server since this window read it (heard by LISTEN;
        without a listener, asked). Raises ServerUnreachable, the window then read-only, when the server is gone."""
        try:
            if self._listening:
                heard = self._server.heard()
                return heard is not None and heard != self._server.seen
            return not self._server.unchanged_on_disk()
        except ServerUnreachable:
            self.server_lost()
            raise
        except StorageError:
            raise
        except Exception as e:  # noqa: BLE001 - the driver's error, said in one line
            failure = self._server.failure(e, "nothing was read")
            if isinstance(failure, ServerUnreachable):
                self.server_lost()
            raise failure from None

    def reload(self) -> Changed:
        self._read()
        self._undo.clear()
        self._redo.clear()
        self._index.clear()
        return Changed.all()

    def server_lost(self) -> None:
        """The server went away: nothing more is written until `reconnect` succeeds."""
        self.read_only_reason = self.read_only_reason or LOST_REASON
        self._server.close()

    def reconnect(self) -> bool:
        """After the server was lost: connects again and reads the workspace as it is now; True when writable again."""
        if self.read_only_reason != LOST_REASON:
            return False
        try:
            self._server.connect()
            self._server.open(None)
            if self._listening:
                self._server.listen()
            self.read_only_reason = ""
            self.reload()
        except StorageError:
            self.read_only_reason = LOST_REASON
            self._server.close()
            return False
        return True

    def take_over(self) -> bool:
        return False  # no writer lock to take: see reconnect

    def close(self) -> None:
        self._server.close()

    # ----- writing ---------------------------------------------------------------------------------

    def write_in_background(self, on_failed: Callable[[], object]) -> None:
        """Not on a server: each change is its own transaction before `apply` returns (a few milliseconds), so a change
        another writer beat is refused at once and the app remakes it on what is there (see SalesplanApp.apply),
        instead of being kept in memory and rolled back later."""

    def _write(self, write: Callable[[], None]) -> None:
        """Runs one transaction; a lost server makes this window read-only (what it shows stays)."""
        try:
            write()
        except ServerUnreachable:
            self.server_lost()
            raise

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.address} is read-only here ({self.read_only_reason}); nothing was written")
