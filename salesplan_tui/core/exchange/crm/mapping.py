"""Provides what a CRM export needs mapped before it can be imported: columns the required fields lack, unknown stages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from salesplan_tui.core.exchange.crm import formats
from salesplan_tui.core.exchange.crm.skipped import Skipped, deal_rows
from salesplan_tui.core.exchange.crm.source import LIMIT, read_table
from salesplan_tui.core.exchange.crm.stages import StageReader
from salesplan_tui.core.exchange.crm.values import BadValue, key
from salesplan_tui.core.model.change import WorkspaceView

UNKNOWN_LIMIT = 100  # distinct unknown stages listed; a file with more is not a deal export worth mapping by hand


@dataclass(frozen=True)
class MappingNeeds:
    """How a file reads with the given maps, and what is left to map (the same choices as --map and --map-stage).

    Args:
        crm: the CRM the file is read as ("csv" for another spreadsheet).
        header: the file's column names, in order.
        read_as: column name → the deal field the import reads it as (columns left unread are absent).
        missing: the required fields no column holds.
        unknown_stages: the file's stages (as written, in file order) that no stage of the process reads.
    """

    crm: str
    header: tuple[str, ...]
    read_as: dict[str, str]
    missing: tuple[str, ...] = ()
    unknown_stages: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing and not self.unknown_stages


def usable(view: WorkspaceView, header: list[str] | tuple[str, ...], column_map: dict[str, str],
           stage_map: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The maps without what cannot apply to this file and workspace (a remembered column the file lacks, a field
    or stage that no longer exists), so a remembered map never refuses a file it does not fit."""
    columns = {key(h) for h in header}
    fields = {*formats.FIELDS, formats.IGNORE}
    ours = {key(s.name) for s in view.process.stages}
    kept_columns = {c: f for c, f in column_map.items() if key(c) in columns and f in fields}
    kept_stages = {theirs: mine for theirs, mine in stage_map.items() if key(mine) in ours}
    return kept_columns, kept_stages


def needs(view: WorkspaceView, raw: bytes | BinaryIO, *, crm: str | None = None,
          column_map: dict[str, str] | None = None, stage_map: dict[str, str] | None = None,
          limit: int = LIMIT) -> MappingNeeds:
    """What the file still needs mapped with these maps. Raises BadValue (an unreadable file: plan_import says why
    in its own words) or ValueError (a map naming a column the file lacks or a stage the process lacks)."""
    table, _ = read_table(raw, limit)
    header = next(table, [])
    shape = formats.FORMATS.get(crm or "") or formats.recognise(header) or formats.NONE
    mapped = {column: formats.field_name(name) for column, name in (column_map or {}).items()}
    columns, _ = formats.columns_of(header, shape, mapped)
    stages = StageReader.of(view.process, stage_map)
    names = {at: header[at] for at in range(len(header))}
    read_as = {names[at]: field for field, at in columns.items()}
    missing = tuple(f for f in formats.REQUIRED if f not in columns)
    unknown: list[str] = []
    seen: set[str] = set()  # stages already read, by key: each is tried once
    stage_at, status_at = columns.get("stage"), columns.get("status")
    if stage_at is not None:
        for _, row in deal_rows(table, stage_at, columns.get("expected_close"), Skipped()):
            stage = _cell(row, stage_at)
            if not stage or key(stage) in seen or key(_cell(row, status_at)) in ("won", "lost"):
                continue  # a won or lost status decides the stage, whatever the stage column says
            seen.add(key(stage))
            try:
                stages.read(stage)
            except BadValue:
                unknown.append(stage)
                if len(unknown) >= UNKNOWN_LIMIT:
                    break
    return MappingNeeds(shape.name, tuple(header), read_as, missing, tuple(unknown))


def _cell(row: list[str], at: int | None) -> str:
    return row[at].strip() if at is not None and at < len(row) else ""
