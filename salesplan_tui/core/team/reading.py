"""Provides reading one rep's file for the roll-up: a workspace file or a JSON export, read and never written."""

from __future__ import annotations

from pathlib import Path

from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.storage.atomic import parse_bytes, read_regular
from salesplan_tui.core.storage.loading import load
from salesplan_tui.core.storage.schema import Contents
from salesplan_tui.core.team.view import ReadView

NEITHER = "it is neither a salesplan workspace nor a `salesplan export --format json` file"


def read_rep(path: Path) -> tuple[ReadView, str]:
    """The file's workspace, read without a lock and without writing anything (no backup, no seal, no folder), so it
    can be read while the rep's app has it open; with what it was ("workspace" or "export"). Raises ValueError saying
    in one line what is wrong with it."""
    try:
        raw = read_regular(path)
        if not raw.strip():
            raise ValueError("the file is empty")
        if b'"_meta"' in raw[:64]:  # the app writes its facts first: a workspace file (the loader checks the rest)
            return _workspace(path), "workspace"
        doc = parse_bytes(raw)
        if isinstance(doc, dict) and "format" in doc:
            return ReadView(from_document(doc)), "export"
        if isinstance(doc, dict) and "_meta" in doc:  # a workspace laid out by another tool (TinyDB, by hand)
            return _workspace(path), "workspace"
        raise ValueError(NEITHER)
    except PermissionError:
        raise ValueError("permission denied (a workspace is private to its rep: ask for an export)") from None
    except IsADirectoryError:
        raise ValueError("it is a folder, not a workspace file") from None
    except FileNotFoundError:
        raise ValueError("there is no such file") from None
    except OSError as e:
        raise ValueError(e.strerror or str(e)) from None


def _workspace(path: Path) -> ReadView:
    loaded = load(path)  # not lazy: nothing is sealed or kept, every record is checked as the app would
    return ReadView(Contents(loaded.workspace, {name: table.records() for name, table in loaded.tables.items()}))
