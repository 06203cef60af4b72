"""Provides export and import of a whole workspace as documented, versioned JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from pydantic import ValidationError

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.anchored import ANCHOR, anchored_to
from salesplan_tui.core.model.process import default_process
from salesplan_tui.core.model.records import MAX_ID, TABLES, Workspace
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.storage.atomic import parse_bytes
from salesplan_tui.core.storage.schema import Contents, broken_link, first_error

FORMAT = "salesplan-export"
# Each table in the export is a list of records, each with its "id"; the sales process is one object.
LIST_TABLES = [name for name in TABLES if name != "process"]
KNOWN_KEYS = {"format", "version", "workspace", "process", *LIST_TABLES}


def to_document(contents: Contents) -> dict[str, Any]:
    """The export document: {"format", "version", "workspace", "process", and one list per table}."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "workspace": contents.workspace.model_dump(mode="json"),
        "process": contents.process.model_dump(mode="json", exclude={"id", "archived"}),
    }
    for name in LIST_TABLES:
        doc[name] = [r.model_dump(mode="json") for _, r in sorted(contents.tables[name].items())]
    return doc


def export_json(contents: Contents) -> bytes:
    return orjson.dumps(to_document(contents), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def from_document(doc: Any) -> Contents:
    """Validates an export document into a workspace; raises ValueError naming the record and field."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f'it is not a salesplan export (expected "format": "{FORMAT}")')
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
        raise ValueError(f"export version {version!r} is not one this salesplan reads (1 to {SCHEMA_VERSION})")
    unknown = sorted(set(doc) - KNOWN_KEYS)
    if unknown:  # a misspelt table ("gaols") would otherwise be dropped without a word
        raise ValueError(f"it has parts this salesplan does not know: {', '.join(map(str, unknown))}")
    process = doc.get("process") or default_process().model_dump(mode="json", exclude={"id"})
    if not isinstance(process, dict):
        raise ValueError('"process" must be an object holding the stages')
    try:
        workspace = Workspace.model_validate(doc.get("workspace") or {})
        # Its records were just read with today's models: the workspace they make is of today's version.
        contents = Contents(workspace.model_copy(update={"schema_version": SCHEMA_VERSION}))
        contents.tables["process"][1] = TABLES["process"].model_validate({**process, "id": 1})
    except ValidationError as e:
        raise ValueError(f"the workspace or its sales process is invalid ({first_error(e)})") from None
    for name in LIST_TABLES:
        rows = doc.get(name, [])
        if not isinstance(rows, list):
            raise ValueError(f'"{name}" must be a list of records')
        for n, row in enumerate(rows, 1):
            try:
                record = TABLES[name].model_validate(row, context={"entering": True})  # an import: data entering
            except ValidationError as e:
                raise ValueError(f"{name} record {n} is invalid ({first_error(e)})") from None
            if not 1 <= record.id <= MAX_ID or record.id in contents.tables[name]:
                raise ValueError(f"{name} record {n} has a missing or repeated id ({record.id})")
            contents.tables[name][record.id] = record
    _check_links(contents)
    return contents


def _check_links(contents: Contents) -> None:
    """The loader's rules (storage.schema.broken_link), said as import says them."""
    broken = broken_link(contents.tables, contents.process)
    if broken is None:
        return
    if not broken.target:
        raise ValueError(f"deal {broken.record_id} is at stage {broken.value!r}, which the sales process does not have")
    raise ValueError(f"{broken.kind} {broken.record_id} points at {broken.target} {broken.value}, which is not in the file")


def import_json(raw: bytes, today: dt.date | None = None) -> Contents:
    """An export read for import; a sample dated around an anchor day (sample_data/demo.json) has its dates moved so
    its anchor is today (the real one unless given), as `salesplan --demo` moves them."""
    doc = parse_bytes(raw)
    if isinstance(doc, dict) and ANCHOR in doc:
        doc = anchored_to(doc, today or Clock().today())
    return from_document(doc)
