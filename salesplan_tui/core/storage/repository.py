"""Provides the Repository: the one interface through which the app and the CLI read and change a workspace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar, cast

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change, Changed
from salesplan_tui.core.model.records import (
    KIND_OF,
    TABLES,
    Account,
    Action,
    Contact,
    Deal,
    Goal,
    Kind,
    Objective,
    Record,
    SalesProcess,
    Workspace,
    ready,
)
from salesplan_tui.core.storage.atomic import OutsideChange, clean_stale_temps
from salesplan_tui.core.storage.backups import newest_good_backup
from salesplan_tui.core.storage.errors import CorruptDatabase, ReadOnlyError, StorageError
from salesplan_tui.core.storage.layout import record_line
from salesplan_tui.core.storage.loading import load
from salesplan_tui.core.storage.lock import WriterLock
from salesplan_tui.core.storage.schema import TABLE_OF, Contents, file_problem, raise_broken_link
from salesplan_tui.core.storage.store import Batch, FileStore
from salesplan_tui.core.storage.tables import Table
from salesplan_tui.core.storage.write_queue import WriteQueue

R = TypeVar("R", bound=Record)
UNDO_DEPTH = 200
LOCKED_REASON = "another salesplan has this file open; this window is read-only"


def _real_path(path: str | Path) -> Path:
    given = Path(path).expanduser().absolute()
    try:
        return given.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise cannot_open(given, "it is a loop of symbolic links") from None


def cannot_open(path: Path, problem: str) -> CorruptDatabase:
    """The one-line refusal of a workspace that cannot be opened (damaged, a folder, unreadable, a loop of links),
    naming the newest good backup beside it."""
    return CorruptDatabase(path, problem, newest_good_backup(path, _is_good))


def _is_good(path: Path) -> bool:
    return file_problem(path) is None


Replaced = list[tuple[str, int, Record | None]]  # (table, id, record): what a change put back or replaced


@dataclass
class _Unsaved:
    """A change kept in memory whose write is still queued: what to put back if that write fails."""

    number: int
    label: str
    before: list[tuple[str, int, Record | None, bytes | None]]  # each record and its line as they were
    undo: list[tuple[str, Replaced]]  # the undo and redo steps as they were
    redo: list[tuple[str, Replaced]]
    facts: Workspace  # the workspace's own facts as they were (a change may rename the seller)


@dataclass(frozen=True)
class RolledBack:
    """Changes taken back because their write failed: the one line to show, their labels, and what they touched."""

    problem: str
    labels: list[str]
    changed: Changed
    outside: bool  # the file was changed by another program: it should be read again

    @property
    def line(self) -> str:
        undone = ", ".join(dict.fromkeys(self.labels))
        return f"{self.problem}; undone here: {undone}" if undone else self.problem


class Repository:
    """A workspace file opened for reading and (when this process holds the lock) writing.

    Args:
        path: the workspace file; created with mode 0600 when missing.
        read_only: open without taking the writer lock.
        keep_backups: how many rotating copies to keep beside the file.
        wait: seconds to wait for another writer (a parallel `salesplan add`) before opening read-only.
        lazy: for a command that reads a few tables: a file this salesplan sealed as its own last write has each
            record validated when first read (the rest are written back as they are); any other file, and every file
            without `lazy`, is validated whole on opening.
        role: "app" for the app, "command" for a command: said in the lock file while this process is the writer,
            so that `salesplan add` leaves its action in the inbox only when an app really holds the file.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, keep_backups: int = 5, wait: float = 0.0,
                 lazy: bool = False, role: str = "command") -> None:
        self.path = _real_path(path)  # a link is followed: the lock and every write are on the real file
        self.read_only_reason = "opened read-only" if read_only else ""
        self.problems: list[str] = []  # what went wrong without stopping anything (a backup not made)
        self._lazy = lazy
        self._lock = WriterLock(self.path, role=role)
        self._undo: list[tuple[str, Replaced]] = []
        self._redo: list[tuple[str, Replaced]] = []  # what undo put back, newest last
        self._store = FileStore(self.path, keep_backups, self.problems)  # the one object that persists
        self._queue: WriteQueue | None = None  # set when writes go to a thread of their own (the app)
        self._unsaved: list[_Unsaved] = []
        self._index: dict[str, Any] = {}
        self._links_checked = True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"cannot create the folder {self.path.parent}: {e.strerror}") from None
        if not read_only:
            self._take_lock(wait)
        self._workspace: Workspace
        self._tables: dict[str, Table]
        try:
            self._load()
        except BaseException:
            self._lock.release()
            raise

    # ----- opening -----------------------------------------------------------------------------

    def _take_lock(self, wait: float) -> None:
        """Becomes the writer, or says why this window is read-only (another writer, a folder it cannot write in)."""
        try:
            if not self._lock.acquire(wait):
                self.read_only_reason = LOCKED_REASON
        except OSError as e:  # a read-only mount or folder: the file can still be read
            self.read_only_reason = f"the folder {self.path.parent} cannot be written to ({e.strerror})"

    def _load(self) -> None:
        if not self.path.exists():
            self._workspace = Workspace(name=self.path.stem.replace("_", " ").replace("-", " ") or "Workspace")
            self._tables = {name: Table(model) for name, model in TABLES.items()}
            self._tables["process"] = Table(SalesProcess, records={1: Contents(self._workspace).process})
            self._store.track(None, read_only=self.read_only)
            if not self.read_only:
                self._write(lambda: self._store.write(self._render()))
            return
        if not self.read_only:
            clean_stale_temps(self.path)
        self._read()

    def _read(self) -> None:
        """Reads the file as it is on disk now, validated (an older schema is brought up to date in memory only: the
        first real write stores it, after the backup of the old one, so opening never changes a file)."""
        try:
            loaded = load(self.path, lazy=self._lazy)
        except PermissionError:
            raise cannot_open(self.path, "permission denied") from None
        except IsADirectoryError:
            raise cannot_open(self.path, "it is a folder, not a workspace file") from None
        except (OSError, ValueError) as e:
            problem = (e.strerror or str(e)) if isinstance(e, OSError) else str(e)
            raise cannot_open(self.path, problem) from None
        self._workspace, self._tables = loaded.workspace, loaded.tables
        self._links_checked = loaded.links_checked
        self._store.track(loaded.stamp, read_only=self.read_only)

    # ----- following the file --------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """Whether another program (or another salesplan) changed, replaced or deleted the file since it was read.

        False while this window's own writes are queued (the writer checks before each of them) or one of them
        failed and is not yet rolled back: the file is then this window's to settle, not another program's.
        """
        if self._queue is not None and (self._queue.failure is not None or not self._queue.idle()):
            return False
        return not self._store.unchanged_on_disk()

    def reload(self) -> Changed:
        """Reads the file again as it is on disk now (after an outside change); what was undoable no longer is.

        Raises CorruptDatabase when the file cannot be read now, and StorageError when it is gone.
        """
        if not self.path.exists():
            raise StorageError(f"{self.path} was deleted or moved outside salesplan")
        self.wait_for_writes()
        self._read()
        self._unsaved.clear()
        if self._queue is not None:
            self._queue.resume()  # whatever failed was on the file read just now
        self._undo.clear()
        self._redo.clear()
        self._index.clear()
        return Changed.all()

    def stop_writing(self, reason: str) -> None:
        """Makes this window read-only (its file was deleted or damaged under it): nothing more is written."""
        self.read_only_reason = reason
        self._lock.release()

    def take_over(self) -> bool:
        """A window read-only only because another one was writing becomes the writer once that one has closed."""
        if self.read_only_reason != LOCKED_REASON or not self._lock.acquire():
            return False
        self.read_only_reason = ""
        self.reload()
        return True

    @property
    def read_only(self) -> bool:
        return bool(self.read_only_reason)

    def close(self) -> None:
        """Waits for the last queued write (it is kept), then lets another salesplan write the file."""
        if self._queue is not None:
            self._queue.close()
        self._lock.release()

    # ----- writing in the background -------------------------------------------------------------

    def write_in_background(self, on_failed: Callable[[], object]) -> None:
        """From now on a change is kept in memory at once and written to the file by a thread of its own, in order,
        one write at a time (the app: no key waits for the disk). A command never calls this: its write is done
        before `apply` returns.

        When a write fails, `on_failed` is called from the writer thread (it must not block: post a message); the
        caller then calls `roll_back_failed` on its own thread.
        """
        if self._queue is None:
            self._queue = WriteQueue(self._store, on_failed)

    @property
    def writing(self) -> bool:
        """Whether a change is still being written (queued or on its way to the disk)."""
        return self._queue is not None and not self._queue.idle()

    def wait_for_writes(self, timeout: float | None = None) -> bool:
        """Waits until every queued write is on disk or has failed; False when the timeout came first."""
        return self._queue is None or self._queue.wait(timeout)

    def roll_back_failed(self) -> RolledBack | None:
        """After a failed write: puts back in memory every change not on disk (the one that failed and those queued
        after it, built on it), newest first, so memory holds what the file holds; None when nothing failed."""
        if self._queue is None or self._queue.failure is None:
            return None
        self._queue.wait()
        failure = self._queue.failure
        if failure is None:
            return None
        _, error = failure
        lost = [u for u in self._unsaved if u.number > self._queue.written]
        touched: dict[Kind, set[int]] = {}
        for unsaved in reversed(lost):
            back: list[tuple[Record | None, Record | None]] = []
            for name, record_id, record, line in unsaved.before:
                table = self._tables[name]
                back.append((table.get(record_id), record))
                table.restore(record_id, record, line)
                touched.setdefault(KIND_OF[TABLES[name]], set()).add(record_id)
            self._reindex(back)
        if lost:
            self._undo, self._redo = lost[0].undo, lost[0].redo
            self._workspace = lost[0].facts
        self._unsaved.clear()
        self._queue.resume()
        return RolledBack(_failure_words(self.path, error), [u.label for u in lost],
                          Changed({kind: frozenset(ids) for kind, ids in touched.items()}),
                          outside=isinstance(error, OutsideChange))

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- reading -----------------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        return self._workspace

    @property
    def process(self) -> SalesProcess:
        found = self._tables["process"].get(1)
        return found if isinstance(found, SalesProcess) else Contents(self._workspace).process

    def get(self, model: type[R], record_id: int | None) -> R | None:
        if record_id is None:
            return None
        return cast("R | None", self._tables[TABLE_OF[model]].get(record_id))  # each table holds its model's records

    def all(self, model: type[R], *, archived: bool = False) -> list[R]:
        """Returns the records of a table in id order; archived ones only when asked for."""
        table = cast("dict[int, R]", self._tables[TABLE_OF[model]].records())  # each table holds its model's records
        return [r for _, r in sorted(table.items()) if archived or not r.archived]

    def count(self, model: type[Record]) -> int:
        return sum(1 for r in self._tables[TABLE_OF[model]].records().values() if not r.archived)

    def actions_by(self, key: str) -> dict[int, list[Action]]:
        """Open and closed, unarchived actions grouped by 'objective_id' or 'deal_id', in due-date order."""
        cache_key = f"actions_by:{key}"
        if cache_key not in self._index:
            grouped: dict[int, list[Action]] = defaultdict(list)
            for action in cast("dict[int, Action]", self._tables["actions"].records()).values():
                ref = getattr(action, key)
                if ref is not None and not action.archived:
                    grouped[ref].append(action)
            by_due = attrgetter("due", "id")
            for items in grouped.values():
                items.sort(key=by_due)
            self._index[cache_key] = grouped
        return self._index[cache_key]

    def snapshot(self) -> Contents:
        """The whole workspace (every record read); the tables are the repository's own, not copies.

        A file opened lazily has its links checked here, once every record is read, as the whole-file reader checks
        them on opening: whichever way it is read, a workspace pointing at records it does not hold is refused.
        """
        contents = Contents(self._workspace, {name: table.records() for name, table in self._tables.items()})
        if not self._links_checked:
            try:
                raise_broken_link(contents.tables, contents.process)
            except ValueError as e:
                raise cannot_open(self.path, str(e)) from None
            self._links_checked = True
        return contents

    # ----- writing -----------------------------------------------------------------------------

    def next_id(self, model: type[Record]) -> int:
        """The id a new record of model will be stored under."""
        return self._tables[TABLE_OF[model]].max_id() + 1

    def apply(self, change: Change) -> Changed:
        """Writes every record of a change in one atomic replace (all or nothing), as one undo step.

        Raises ValidationFailed when a record points at something that does not exist, ReadOnlyError on a
        read-only workspace and StorageError when the disk refuses; in each case nothing was written.
        """
        self._require_writable()
        records = list(change.records)
        # Records are checked against the others of the same change: a renamed stage and its deals, say.
        process = next((r for r in records if isinstance(r, SalesProcess)), self.process)
        pending = {(type(r), r.id): r for r in records}
        for record in records:
            self._check_links(record, process, pending)
        facts = self._workspace
        if change.workspace is not None:  # the workspace's own facts (the seller's name): written by the same replace
            self._workspace = change.workspace
        try:
            before = self._put([(TABLE_OF[type(r)], r.id, r) for r in records], change.label, facts)
        except BaseException:
            self._workspace = facts
            raise
        if before and change.undoable:
            self._undo.append((change.label, before))
            del self._undo[:-UNDO_DEPTH]
            self._redo.clear()  # a new change ends the line of redoable ones
        return change.changed

    def replace_all(self, contents: Contents) -> None:
        """Replaces the whole workspace (import, restore) in one write; it cannot be undone.

        Raises ValidationFailed (nothing written) when a record would not read back as it is.
        """
        self._require_writable()
        tables = {name: Table(model, records=dict(contents.tables[name])) for name, model in TABLES.items()}
        if not len(tables["process"]):
            tables["process"] = Table(SalesProcess, records={1: contents.process})
        payload = self._render(contents.workspace, tables)  # every record serialised and read back first
        self._settle()
        self._write(lambda: self._store.write(payload))
        self._workspace, self._tables = contents.workspace, tables
        self._undo.clear()
        self._redo.clear()
        self._index.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> tuple[str, Changed] | None:
        """Puts back what the last change replaced; returns what was undone and what it touched, or None."""
        self._require_writable()
        if not self._undo:
            return None
        label, before = self._undo[-1]
        self._redo.append((label, self._put(before, f"undo {label}")))
        self._undo.pop()
        touched: dict[Kind, set[int]] = {}
        for name, record_id, _ in before:
            touched.setdefault(KIND_OF[TABLES[name]], set()).add(record_id)
        return label, Changed({kind: frozenset(ids) for kind, ids in touched.items()})

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def redo(self) -> tuple[str, Changed] | None:
        """Writes again what the last undo took back (until a new change); returns its label and what it touched."""
        self._require_writable()
        if not self._redo:
            return None
        label, after = self._redo[-1]
        self._undo.append((label, self._put(after, f"redo {label}")))
        self._redo.pop()
        return label, Changed({KIND_OF[TABLES[name]]: frozenset(i for n, i, _ in after if n == name) for name, _, _ in after})

    def _put(self, changes: Replaced, label: str, facts: Workspace | None = None) -> Replaced:
        """Keeps records (None removes one) and their lines, written in one atomic replace of the file.

        Returns what they replaced. Each record is serialised and read back before anything is kept (a record that
        would not read back as it is is refused). A command's write is done before memory changes; in the app
        (`write_in_background`) memory changes at once and the write is queued, undone by `roll_back_failed` if it
        fails.
        """
        before = [(name, record_id, self._tables[name].get(record_id)) for name, record_id, _ in changes]
        checked: list[tuple[str, int, Record | None, bytes | None]] = []
        for name, record_id, record in changes:
            if record is None:
                checked.append((name, record_id, None, None))
            else:
                line, kept = self._tables[name].checked_line(record)
                checked.append((name, record_id, kept, line))
        if self._queue is None:
            new_lines: dict[str, dict[int, bytes | None]] = {}
            for name, record_id, _, new_line in checked:
                new_lines.setdefault(name, {})[record_id] = new_line
            changed = tuple((name, i, line) for name, i, _, line in checked)  # a store of rows writes only these
            self._write(lambda: self._store.persist(self._batch(label, new_lines, changed)))
        else:
            self._unsaved = [u for u in self._unsaved if u.number > self._queue.written]
            unsaved = _Unsaved(0, label, [(name, record_id, record, self._tables[name].kept_line(record_id))
                                          for name, record_id, record in before], list(self._undo), list(self._redo),
                               facts if facts is not None else self._workspace)
        for name, record_id, kept_record, kept_line in checked:
            self._tables[name].put(record_id, kept_record, kept_line)
        self._reindex([(old, new) for (_, _, old), (_, _, new, _) in zip(before, checked, strict=True)])
        if self._queue is not None:
            try:
                batch = self._batch(label, None, tuple((name, i, line) for name, i, _, line in checked))
            except BaseException:  # a line that cannot be made: memory goes back to what the file holds
                for name, record_id, old_record, old_line in unsaved.before:
                    self._tables[name].restore(record_id, old_record, old_line)
                self._reindex([(new, old) for (_, _, old), (_, _, new, _) in zip(before, checked, strict=True)])
                raise
            unsaved.number = self._queue.submit(batch)
            self._unsaved.append(unsaved)
        return before

    def _batch(self, label: str, changes: dict[str, dict[int, bytes | None]] | None = None,
               changed: tuple[tuple[str, int, bytes | None], ...] = ()) -> Batch:
        """What to persist: the facts and every table's lines as they are (with some lines changed), as new lists."""
        changes = changes or {}
        facts = record_line(1, ready(Workspace).__pydantic_serializer__.to_json(self._workspace))
        tables = {name: table.lines_in_order(changes.get(name)) for name, table in self._tables.items()}
        return Batch(label, facts, tables, changed)

    def _render(self, workspace: Workspace | None = None, tables: dict[str, Table] | None = None) -> bytes:
        """The whole file: the workspace's facts and every table's lines."""
        facts = record_line(1, ready(Workspace).__pydantic_serializer__.to_json(workspace or self._workspace))
        lines = {name: table.lines_in_order() for name, table in (self._tables if tables is None else tables).items()}
        return Batch("", facts, lines).render()

    def _reindex(self, changes: list[tuple[Record | None, Record | None]]) -> None:
        """Keeps the grouped-actions indexes current for the records that changed, not the whole table."""
        for key in ("objective_id", "deal_id"):
            grouped = self._index.get(f"actions_by:{key}")
            if grouped is None:
                continue
            for old, new in changes:
                for record, add in ((old, False), (new, True)):
                    if not isinstance(record, Action):
                        continue
                    ref = getattr(record, key)
                    if ref is None:
                        continue
                    group = [a for a in grouped.get(ref, []) if a.id != record.id]
                    if add and not record.archived:
                        group.append(record)
                        group.sort(key=lambda a: (a.due, a.id))
                    if group:
                        grouped[ref] = group
                    else:
                        grouped.pop(ref, None)

    def _write(self, write: Callable[[], None]) -> None:
        try:
            write()
        except OSError as e:
            raise StorageError(f"could not save to {self.path} ({e.strerror}); the change was not kept") from None

    def _settle(self) -> None:
        """Waits for the queued writes before a write of the whole workspace; refuses while one has failed (its
        changes are rolled back first)."""
        self.wait_for_writes()
        if self._queue is not None and self._queue.failure is not None:
            raise StorageError(f"an earlier change could not be saved to {self.path}; nothing more was written")

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is read-only here ({self.read_only_reason}); nothing was written")

    def _check_links(self, record: Record, process: SalesProcess,
                     pending: dict[tuple[type[Record], int], Record]) -> None:
        """Refuses a record that points at something that neither exists nor is saved with it."""
        links: list[tuple[str, type[Record], int | None]] = []
        if isinstance(record, Objective):
            links = [("goal_id", Goal, record.goal_id), ("account_id", Account, record.account_id)]
        elif isinstance(record, Action):
            links = [("objective_id", Objective, record.objective_id), ("deal_id", Deal, record.deal_id)]
        elif isinstance(record, Deal):
            links = [("account_id", Account, record.account_id), ("objective_id", Objective, record.objective_id)]
            if process.stage(record.stage) is None:
                raise ValidationFailed.on("stage", f"the sales process has no stage named {record.stage!r}")
        elif isinstance(record, Contact):
            links = [("account_id", Account, record.account_id)]
        for field, model, ref in links:
            if ref is not None and self.get(model, ref) is None and (model, ref) not in pending:
                raise ValidationFailed.on(field, f"there is no {model.__name__.lower()} #{ref}")


def _failure_words(path: Path, error: Exception) -> str:
    """A failed write as one line."""
    if isinstance(error, OSError):
        return f"could not save to {path} ({error.strerror or error})"
    return str(error).removesuffix("; nothing was written over it").removesuffix("; nothing was written")

