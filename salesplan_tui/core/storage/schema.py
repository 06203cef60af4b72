"""Provides the mapping between the file's tables and validated records, naming the record and field at fault."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from salesplan_tui.core.base.errors import describe_validation_error
from salesplan_tui.core.model.process import default_process
from salesplan_tui.core.model.records import (
    MAX_ID,
    TABLES,
    Account,
    Action,
    Deal,
    Goal,
    Objective,
    Record,
    SalesProcess,
    Workspace,
)
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.storage.atomic import parse_bytes, read_regular
from salesplan_tui.core.storage.migrations import META_TABLE, Data, migrate

R = TypeVar("R", bound=Record)
TABLE_OF: dict[type[Record], str] = {model: name for name, model in TABLES.items()}


@dataclass
class Contents:
    """A whole workspace in memory: its facts and every table's records by id."""

    workspace: Workspace
    tables: dict[str, dict[int, Record]] = field(default_factory=lambda: {name: {} for name in TABLES})

    def of(self, model: type[R]) -> dict[int, R]:
        """One table's records by id, typed as its model."""
        return {i: r for i, r in self.tables[TABLE_OF[model]].items() if isinstance(r, model)}

    @property
    def process(self) -> SalesProcess:
        found = self.tables["process"].get(1)
        return found if isinstance(found, SalesProcess) else default_process().model_copy(update={"id": 1})


def first_error(err: ValidationError) -> str:
    """The first bad field of a record and what is wrong with it, as one phrase: 'due: Input should be a valid date'."""
    field, message = next(iter(describe_validation_error(err).errors.items()))
    return f"{field or 'record'}: {message}"


class _Pairs(dict[str, Any]):
    """An object of the file read with the keys it gave more than once (JSON readers keep the last one silently)."""

    twice: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) == len(pairs):
        return made
    marked = _Pairs(made)
    seen: set[str] = set()
    marked.twice = []
    for key, _ in pairs:  # each key again after its first time
        if key in seen:
            marked.twice.append(key)
        seen.add(key)
    return marked


def parse_tables(raw: bytes) -> Any:
    """Parses a workspace file (see parse_bytes) and refuses a record id given twice in a table: the second would
    silently replace the first, and a write would then drop a record without a word. (A field given twice in one
    record counts once, its last value, as every JSON reader, the line reader included, reads it.)"""
    data = parse_bytes(raw)
    if not isinstance(data, dict):
        return data
    try:
        again = json.loads(raw, object_pairs_hook=_object)  # syntax already checked: only the repeats are looked for
    except (ValueError, RecursionError):
        return data
    for name, table in again.items():
        if isinstance(table, _Pairs):
            raise ValueError(f"record {name} #{table.twice[0]} is given twice (id: each record needs its own)")
    return data


def id_problem(table: str, key: object, doc_id: int) -> str | None:
    """What is wrong with a record's id, as the loader and import say it, or None."""
    if not 1 <= doc_id <= MAX_ID:
        return f"record {table} #{key} is invalid (id: must be a whole number from 1 to 2^53)"
    return None


def decode(data: Any) -> Contents:
    """Validates raw tables into records; raises ValueError naming the table, record and field."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise ValueError("it is not a salesplan workspace (expected tables of records)")
    data, _ = migrate(data)
    meta = data.get(META_TABLE, {}).get("1", {"schema_version": SCHEMA_VERSION})
    try:
        workspace = Workspace.model_validate(meta)
    except ValidationError as e:
        raise ValueError(f"the workspace record is invalid ({first_error(e)})") from None
    contents = Contents(workspace)
    for name, model in TABLES.items():
        table = contents.tables[name]
        for key, raw in data.get(name, {}).items():
            try:
                doc_id = int(key)
            except ValueError:
                raise ValueError(f"record {name} #{key} is invalid (id {key!r} is not a number)") from None
            problem = id_problem(name, key, doc_id)
            if problem is None and doc_id in table:
                problem = f"record {name} #{key} is given twice (id: each record needs its own)"
            if problem:
                raise ValueError(problem)
            try:
                table[doc_id] = model.model_validate({**raw, "id": doc_id} if isinstance(raw, dict) else raw)
            except ValidationError as e:
                raise ValueError(f"record {name} #{key} is invalid ({first_error(e)})") from None
    unknown = set(data) - set(TABLES) - {META_TABLE}
    if unknown:
        raise ValueError(f"it has tables this salesplan does not know: {', '.join(sorted(unknown))}")
    raise_broken_link(contents.tables, contents.process)
    return contents


@dataclass(frozen=True)
class BrokenLink:
    """A record pointing at a record that is not in the workspace, or a deal at a stage the process does not have."""

    kind: str  # "deal"
    record_id: int
    field: str  # "account_id", or "stage"
    value: object
    target: str  # "account"; "" for a stage

    def __str__(self) -> str:
        what = (f"the sales process has no stage named {self.value!r}" if not self.target
                else f"there is no {self.target} #{self.value}")
        return f"record {self.kind}s #{self.record_id} is invalid ({self.field}: {what})"


# Which fields point where: import refuses a file breaking any of these, and so does the loader (one set of rules).
LINKS: tuple[tuple[type[Record], str, type[Record]], ...] = (
    (Objective, "goal_id", Goal), (Action, "objective_id", Objective), (Action, "deal_id", Deal),
    (Deal, "account_id", Account), (Deal, "objective_id", Objective))


def broken_link(tables: dict[str, dict[int, Record]], process: SalesProcess) -> BrokenLink | None:
    """The first record (objectives, then actions, then deals, each in id order) that points at nothing."""
    stages = {s.name for s in process.stages}
    for model in (Objective, Action, Deal):
        name = TABLE_OF[model]
        for record_id in sorted(tables.get(name, {})):
            record = tables[name][record_id]
            for owner, field_name, target in LINKS:
                ref = getattr(record, field_name) if owner is model else None
                if ref is not None and ref not in tables.get(TABLE_OF[target], {}):
                    return BrokenLink(model.__name__.lower(), record_id, field_name, ref, target.__name__.lower())
            if isinstance(record, Deal) and record.stage not in stages:
                return BrokenLink("deal", record_id, "stage", record.stage, "")
    return None


def raise_broken_link(tables: dict[str, dict[int, Record]], process: SalesProcess) -> None:
    """Raises ValueError naming the record and field of the first broken link (see broken_link)."""
    broken = broken_link(tables, process)
    if broken is not None:
        raise ValueError(str(broken))


def encode(contents: Contents) -> Data:
    data: Data = {META_TABLE: {"1": contents.workspace.model_dump(mode="json")}}
    for name, records in contents.tables.items():
        data[name] = {str(i): dump(r) for i, r in sorted(records.items())}
    return data


def dump(record: Record) -> dict[str, Any]:
    doc = record.model_dump(mode="json")
    doc.pop("id")  # the table key is the id; storing it twice invites disagreement
    return doc


def file_problem(path: Path) -> str | None:
    """What is wrong with a workspace file (a backup, say), or None when it opens cleanly."""
    try:
        check_file(path)
    except (OSError, ValueError) as e:
        return (e.strerror or str(e)) if isinstance(e, OSError) else str(e)
    return None


def check_file(path: Path) -> Contents:
    """Reads (through the one bounded reader) and validates a workspace file; raises ValueError saying what is wrong."""
    return check_bytes(read_regular(path))


def check_bytes(raw: bytes) -> Contents:
    """Validates a workspace file's bytes as the loader does; raises ValueError saying what is wrong."""
    if not raw.strip():
        raise ValueError("the file is empty")
    return decode(parse_tables(raw))
