"""Provides reading a workspace file into tables of validated records, line by line when it is in this layout.

Any other file (formatted by hand, of an older schema, or with anything the line reader does not take) is parsed
whole and validated as JSON, as every file was before, and says what is wrong in the same words.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson

from salesplan_tui.core.model.records import TABLES, SalesProcess, Workspace
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.storage import seal
from salesplan_tui.core.storage.atomic import Stamp, read_stamped
from salesplan_tui.core.storage.layout import Split, split, text_of
from salesplan_tui.core.storage.lines import Unreadable, has_long_number
from salesplan_tui.core.storage.migrations import META_TABLE, version_of
from salesplan_tui.core.storage.schema import decode, id_problem, parse_tables, raise_broken_link
from salesplan_tui.core.storage.tables import Table


@dataclass
class Loaded:
    """A workspace file read: its own facts, every table, and the stamp of the bytes they came from."""

    workspace: Workspace
    tables: dict[str, Table]
    stamp: Stamp
    links_checked: bool = True  # False for a sealed file opened lazily: its links are checked when it is read whole


@contextmanager
def paused_gc() -> Iterator[None]:
    """Holds Python's cycle collector while tens of thousands of records are made: they hold no cycles, and each
    collection would walk every one made so far (it tripled the time to open a large workspace)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(path: Path, *, lazy: bool = False) -> Loaded:
    """Reads and checks a workspace file; raises OSError, or ValueError saying what is wrong with it.

    With `lazy`, a file this salesplan sealed (see seal.py) is cut into lines and each record is validated when it is
    first read; any other file is validated whole here, as it always is without `lazy`.
    """
    raw, stamp = read_stamped(path)
    if not raw.strip():
        raise ValueError("the file is empty")
    with paused_gc():
        # A file this salesplan sealed holds only lines that passed every check when written (see seal.py): opened
        # lazily, its records are read when first needed; opened whole (the app), each is read without those checks.
        # Either way its links are checked when something reads it whole (Repository.snapshot), not here.
        trusted = seal.holds(path, stamp.digest)
        cut = split(raw, blocks=trusted and lazy)
        if cut is not None:
            # Sealed lines read lazily are read a few at a time: each is searched for long numbers as it is read.
            careful = (trusted and lazy) or has_long_number(raw)
            del raw  # the lines are copies: the file's bytes need not stay beside the records being made
            found = from_lines(cut, careful=careful, decode_now=not (trusted and lazy), trusted=trusted, where=path)
            if found is not None:
                return Loaded(*found, stamp, links_checked=not trusted)
            raw, stamp = read_stamped(path)  # for the whole-file reader, which says what is wrong (rare: no hurry)
            if not raw.strip():
                raise ValueError("the file is empty")
        workspace, tables = from_json(raw)
    return Loaded(workspace, tables, stamp)


def from_lines(cut: Split, *, careful: bool, decode_now: bool = True, trusted: bool = False,
               where: Path | None = None) -> tuple[Workspace, dict[str, Table]] | None:
    """The workspace from a file cut into lines, each record validated from its line (now, or when first read); None
    when anything in it is not plain (the whole-file reader decides then).

    `careful` says the file holds a run of 19 digits somewhere (see lines.LONG_NUMBER); `trusted` that it is sealed:
    its records are read without the checks they passed when written, and its links are left to be checked later.
    """
    meta = cut.tables.pop(META_TABLE, None)
    if meta is None or set(meta) != {1} or not {*cut.tables, *cut.blocks} <= set(TABLES):
        return None  # no schema version (a version 1 file), or tables this salesplan does not know
    try:
        facts = orjson.loads(text_of(meta[1]))
        if not isinstance(facts, dict) or version_of({META_TABLE: {"1": facts}}) != SCHEMA_VERSION:
            return None  # an older file is brought up to date by the whole-file reader; a newer one is refused by it
        workspace = Workspace.model_validate(facts)
    except ValueError:  # orjson's and pydantic's errors are ValueErrors
        return None
    tables = {name: Table(model, lines=cut.tables.get(name, {}) if name not in cut.blocks else None,
                          block=cut.blocks.get(name), careful=careful, where=where)
              for name, model in TABLES.items()}
    for name, table in tables.items():
        if name not in cut.blocks:  # a sealed block's ids were checked when written
            for record_id in table.ids():
                problem = id_problem(name, record_id, record_id)
                if problem:
                    raise ValueError(problem)
    if decode_now:
        try:
            for table in tables.values():
                table.decode_all(trusted=trusted)
        except Unreadable:
            return None
    if not len(tables["process"]):
        tables["process"] = Table(SalesProcess, records={1: _default_process(workspace)})
    if decode_now and not trusted:  # the rules import keeps: nothing points at a record that is not there, no deal at no stage
        process = tables["process"].get(1)
        if not isinstance(process, SalesProcess):
            process = _default_process(workspace)
        raise_broken_link({name: table.records() for name, table in tables.items()}, process)
    return workspace, tables


def from_json(raw: bytes) -> tuple[Workspace, dict[str, Table]]:
    """The workspace from any JSON file, parsed whole and validated record by record (an older schema is brought up
    to date in memory; the first write stores it); raises ValueError naming the table, record and field."""
    data = parse_tables(raw)
    if isinstance(data, dict):
        version_of(data)  # a workspace record of the wrong shape is named as such before the tables are looked at
    contents = decode(data)
    if "process" not in data or not data["process"]:
        contents.tables["process"][1] = contents.process
    del data  # the parsed documents go as soon as the records are made: one copy of each record is kept
    return contents.workspace, {name: Table(model, records=contents.tables[name]) for name, model in TABLES.items()}


def _default_process(workspace: Workspace) -> SalesProcess:
    from salesplan_tui.core.storage.schema import Contents

    return Contents(workspace).process
