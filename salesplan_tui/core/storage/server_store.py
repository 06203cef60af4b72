"""Provides ServerStore: a workspace's rows on a PostgreSQL server, one change a transaction, checked by row version.

A workspace is read in one snapshot. Two sellers (two workspaces) never wait for each other: a change locks only its
own workspace's row, for the few milliseconds of its transaction. Two windows on one workspace resolve as a file's
outside change does: the second writer's version no longer matches, nothing is written, and the repository says
OutsideChange.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from salesplan_tui.core.storage.atomic import OutsideChange
from salesplan_tui.core.storage.errors import StorageError
from salesplan_tui.core.storage.layout import split, text_of
from salesplan_tui.core.storage.migrations import META_TABLE
from salesplan_tui.core.storage.server_address import ServerAddress
from salesplan_tui.core.storage.server_schema import CHANNEL, migrate
from salesplan_tui.core.storage.store import Batch

CONNECT_SECONDS = 5
RETRIES = 3  # a serialization failure or deadlock is the server asking for the transaction again


class ServerUnreachable(StorageError):
    """The server cannot be reached (not started, gone mid-session, the network down): nothing was written."""


class Conflict(StorageError):
    """Another writer changed the workspace since it was read: nothing was written over it."""


class ServerOutsideChange(OutsideChange):
    """Another writer changed the workspace on the server first: the app reads it again and remakes the change, as for
    a file changed outside."""

    def __init__(self, message: str) -> None:
        self.deleted = False
        StorageError.__init__(self, message)


class NoSuchWorkspace(StorageError):
    """A read-only opening of a workspace the server does not hold."""


@dataclass
class Snapshot:
    """A workspace as one consistent read saw it: its facts, its version and every record's text by table."""

    workspace_id: int
    facts: bytes
    version: int
    rows: dict[str, dict[int, bytes]]


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StorageError("a postgresql:// workspace needs psycopg: pip install 'salesplan[postgres]'") from None
    return psycopg


def one_line(error: BaseException, address: ServerAddress) -> str:
    """The server's or libpq's words in one line, with any password of the address taken out."""
    words = " ".join(str(error).split()) or type(error).__name__
    password = _password(address.conninfo)
    return words.replace(password, "***") if password else words


def _password(conninfo: str) -> str:
    from urllib.parse import urlsplit

    try:
        return urlsplit(conninfo).password or ""
    except ValueError:
        return ""


class ServerStore:
    """The connection to one workspace's server, and the SQL that reads and writes it (every value a parameter)."""

    def __init__(self, address: ServerAddress) -> None:
        self.address = address
        self.workspace_id: int | None = None
        self.seen = 0  # the workspace's version as last read or written here
        self.stale = False  # read from an older schema: the next batch stores every record, as a file's first write does
        self._conn: Any = None
        self._listener: Any = None

    # ----- connecting ----------------------------------------------------------------------------

    def connect(self) -> None:
        """Connects (credentials from libpq's own places) and brings the schema up to date; raises StorageError."""
        psycopg = _driver()
        self.close()
        try:
            conn = psycopg.connect(self.address.conninfo, autocommit=True, connect_timeout=CONNECT_SECONDS,
                                   application_name="salesplan")
        except psycopg.Error as e:
            raise ServerUnreachable(f"cannot reach the server for {self.address}: {one_line(e, self.address)}") from None
        try:
            migrate(conn)
        except ValueError as e:
            conn.close()
            raise StorageError(str(e)) from None
        except psycopg.Error as e:
            conn.close()
            raise self.failure(e, "could not set up salesplan's tables") from None
        self._conn = conn

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed and not self._conn.broken

    def close(self) -> None:
        for conn in (self._conn, self._listener):
            if conn is not None:
                with contextlib.suppress(Exception):  # a connection the server already dropped
                    conn.close()
        self._conn = self._listener = None

    def failure(self, error: BaseException, doing: str) -> StorageError:
        """A driver error as one line: unreachable when the connection is gone, the server's reason otherwise."""
        psycopg = _driver()
        words = one_line(error, self.address)
        if isinstance(error, psycopg.OperationalError) and not self.connected:
            return ServerUnreachable(f"lost the server for {self.address} ({words}); {doing}")
        if getattr(error, "sqlstate", None) == "53100":
            return StorageError(f"the server for {self.address} is out of disk space; {doing}")
        return StorageError(f"the server for {self.address} refused: {words}; {doing}")

    # ----- reading -------------------------------------------------------------------------------

    def find(self, name: str, facts: bytes | None) -> int | None:
        """The workspace's id; with `facts`, a workspace missing is made with them first (None: not made)."""
        assert self._conn is not None
        row = self._conn.execute("SELECT id FROM salesplan_workspaces WHERE name = %s", (name,)).fetchone()
        if row is None and facts is not None:  # only a new workspace is inserted: opening never waits for a writer
            self._conn.execute("INSERT INTO salesplan_workspaces (name, facts) VALUES (%s, %s) "
                               "ON CONFLICT (name) DO NOTHING", (name, facts.decode()))
            row = self._conn.execute("SELECT id FROM salesplan_workspaces WHERE name = %s", (name,)).fetchone()
        return int(row[0]) if row else None

    def open(self, facts: bytes | None) -> None:
        """Finds (or, given facts, makes) the workspace; raises NoSuchWorkspace when it is not there to read."""
        psycopg = _driver()
        try:
            found = self.find(self.address.workspace, facts)
        except psycopg.Error as e:
            raise self.failure(e, "nothing was written") from None
        if found is None:
            raise NoSuchWorkspace(f"there is no workspace named {self.address.workspace!r} on the server "
                                  f"({self.address}); open it once without --read-only to make it")
        self.workspace_id = found

    def read(self) -> Snapshot:
        """The whole workspace as of one moment (a repeatable-read snapshot: never half of someone's change)."""
        psycopg = _driver()
        assert self._conn is not None and self.workspace_id is not None
        try:
            with self._conn.transaction():
                self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                head = self._conn.execute("SELECT facts::text, version FROM salesplan_workspaces WHERE id = %s",
                                          (self.workspace_id,)).fetchone()
                if head is None:
                    raise StorageError(f"the workspace {self.address} was deleted on the server")
                rows: dict[str, dict[int, bytes]] = {}
                cursor = self._conn.execute("SELECT kind, id, body::text FROM salesplan_records "
                                            "WHERE workspace_id = %s ORDER BY kind, id", (self.workspace_id,))
                for kind, record_id, body in cursor:
                    rows.setdefault(kind, {})[int(record_id)] = body.encode()
        except psycopg.Error as e:
            raise self.failure(e, "nothing was read") from None
        return Snapshot(self.workspace_id, head[0].encode(), int(head[1]), rows)

    def version(self) -> int:
        """The workspace's version on the server now (one indexed read)."""
        assert self._conn is not None
        row = self._conn.execute("SELECT version FROM salesplan_workspaces WHERE id = %s",
                                 (self.workspace_id,)).fetchone()
        if row is None:
            raise StorageError(f"the workspace {self.address} was deleted on the server")
        return int(row[0])

    # ----- the Store protocol (store.py): what the Repository calls ----------------------------------

    def persist(self, batch: Batch) -> None:
        """Keeps one change: only the rows it changed, in one transaction (every row when the workspace was read
        from an older schema). Raises ServerOutsideChange when another writer came first."""
        facts = text_of(batch.facts)
        if self.stale:
            self._send([(name, *_id_and_text(line)) for name, lines in batch.tables.items() for line in lines], (),
                       facts, everything=True)
            self.stale = False
            return
        puts = [(name, i, text_of(line)) for name, i, line in batch.changed if line is not None]
        removals = [(name, i) for name, i, line in batch.changed if line is None]
        self._send(puts, removals, facts)

    def write(self, payload: bytes) -> None:
        """Replaces every record with those of a whole workspace in the file's layout (an import, a migrate)."""
        cut = split(payload)
        if cut is None:
            raise StorageError("the workspace to store is not in salesplan's layout; nothing was written")
        meta = cut.tables.pop(META_TABLE)
        puts = [(name, i, text_of(line)) for name, lines in cut.tables.items() for i, line in sorted(lines.items())]
        self._send(puts, (), text_of(meta[1]), everything=True)
        self.stale = False

    def unchanged_on_disk(self) -> bool:
        """Whether the workspace is still at the version this window last read or wrote (one indexed read)."""
        return self.version() == self.seen

    def _send(self, puts: list[tuple[str, int, bytes]], removals: Iterable[tuple[str, int]], facts: bytes, *,
              everything: bool = False) -> None:
        try:
            self.seen = self.write_rows(self.seen, puts, removals, facts=facts, everything=everything)
        except Conflict as e:
            raise ServerOutsideChange(str(e)) from None

    # ----- writing -------------------------------------------------------------------------------

    def write_rows(self, seen: int, puts: Iterable[tuple[str, int, bytes]], removals: Iterable[tuple[str, int]], *,
                   facts: bytes | None = None, everything: bool = False) -> int:
        """Writes one change as one transaction, only if the workspace is still at version `seen`; returns the
        new version. `everything` removes every record not put (an import). Raises Conflict (another writer came
        first), ServerUnreachable or StorageError; in every case the server holds all of the change or none."""
        psycopg = _driver()
        puts, removals = list(puts), list(removals)
        for attempt in range(RETRIES):
            try:
                return self._write_once(seen, puts, removals, facts, everything)
            except (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected) as e:
                if attempt == RETRIES - 1:
                    raise self.failure(e, "the change was not kept; try it again") from None
            except psycopg.Error as e:
                raise self.failure(e, "the change was not kept") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _write_once(self, seen: int, puts: list[tuple[str, int, bytes]], removals: list[tuple[str, int]],
                    facts: bytes | None, everything: bool) -> int:
        assert self._conn is not None and self.workspace_id is not None
        ws = self.workspace_id
        with self._conn.transaction(), self._conn.cursor() as cur:
            # The version check and the row lock in one statement: a second writer waits only for the first's commit,
            # then finds the version moved and writes nothing.
            cur.execute("UPDATE salesplan_workspaces SET version = version + 1, facts = coalesce(%s::json, facts) "
                        "WHERE id = %s AND version = %s RETURNING version",
                        (facts.decode() if facts is not None else None, ws, seen))
            row = cur.fetchone()
            if row is None:
                raise Conflict(f"the workspace {self.address} was changed by another writer since this window read "
                               "it; nothing was written over it")
            version = int(row[0])
            if everything:
                cur.execute("DELETE FROM salesplan_records WHERE workspace_id = %s", (ws,))
            elif removals:
                cur.executemany("DELETE FROM salesplan_records WHERE workspace_id = %s AND kind = %s AND id = %s",
                                [(ws, kind, record_id) for kind, record_id in removals])
            rows = [(ws, kind, record_id, body.decode(), version) for kind, record_id, body in puts]
            if everything:  # the table was emptied above: the rows go in as one stream
                with cur.copy("COPY salesplan_records (workspace_id, kind, id, body, version) FROM STDIN") as copy:
                    for item in rows:
                        copy.write_row(item)
            elif rows:
                cur.executemany(
                    "INSERT INTO salesplan_records (workspace_id, kind, id, body, version) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (workspace_id, kind, id) "
                    "DO UPDATE SET body = excluded.body, version = excluded.version", rows)
        return version

    # ----- listening -----------------------------------------------------------------------------

    def listen(self) -> None:
        """Opens a second connection that hears every change to any workspace on the server (LISTEN)."""
        psycopg = _driver()
        try:
            self._listener = psycopg.connect(self.address.conninfo, autocommit=True, connect_timeout=CONNECT_SECONDS,
                                             application_name="salesplan listener")
            self._listener.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as e:
            self._listener = None
            raise ServerUnreachable(f"cannot reach the server for {self.address}: {one_line(e, self.address)}") from None

    def heard(self) -> int | None:
        """The newest version of this workspace announced since last asked (None when none), without waiting.

        Raises ServerUnreachable when the listening connection is gone."""
        psycopg = _driver()
        if self._listener is None:
            return None
        newest: int | None = None
        try:
            for note in self._listener.notifies(timeout=0):
                ws, _, version = note.payload.partition(":")
                if ws == str(self.workspace_id):
                    newest = max(newest or 0, int(version))
        except psycopg.Error as e:
            self._listener = None
            raise ServerUnreachable(f"lost the server for {self.address} ({one_line(e, self.address)})") from None
        return newest


def _id_and_text(line: bytes) -> tuple[int, bytes]:
    """A record line's id and JSON text (`    "12": {...}`)."""
    start = line.index(b'"') + 1
    return int(line[start:line.index(b'"', start)]), text_of(line)
