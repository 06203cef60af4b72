"""Provides the mapping between the file's tables and validated records, naming the record and field at fault."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from salesplan_tui.core.base.errors import describe_validation_error
from salesplan_tui.core.model.process import default_process
from salesplan_tui.core.model.records import TABLES, Record, SalesProcess, Workspace
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.storage.atomic import parse_bytes
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
        for key, raw in data.get(name, {}).items():
            try:
                doc_id = int(key)
                record = model.model_validate({**raw, "id": doc_id} if isinstance(raw, dict) else raw)
            except ValueError as e:
                detail = first_error(e) if isinstance(e, ValidationError) else f"id {key!r} is not a number"
                raise ValueError(f"record {name} #{key} is invalid ({detail})") from None
            contents.tables[name][doc_id] = record
    unknown = set(data) - set(TABLES) - {META_TABLE}
    if unknown:
        raise ValueError(f"it has tables this salesplan does not know: {', '.join(sorted(unknown))}")
    return contents


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
        return e.strerror if isinstance(e, OSError) else str(e)
    return None


def check_file(path: Path) -> Contents:
    """Reads and validates a workspace file; raises ValueError saying what is wrong."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("the file is empty")
    return decode(parse_bytes(raw))
