"""Provides CRM imports left in the inbox while the app holds the workspace: the app reads each again and imports it.

`salesplan import` cannot write a workspace an app is writing; it leaves the file's bytes and the choices it was
given (the CRM, --map, --map-stage, --decimal) beside the actions `salesplan add` leaves, and the app, the one writer,
plans the import again on the workspace as it is then and applies it, all or nothing. An entry is one file: a line of
JSON saying how to read it, then the export's bytes as they were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesplan_tui.core.capture.inbox import UntrustedInbox, inbox_dir, set_aside, taken, waiting
from salesplan_tui.core.storage.atomic import atomic_write, read_regular
from salesplan_tui.core.storage.errors import StorageError

SUFFIX = ".import"  # not the actions' .json: an app that does not know imports leaves them be
HEADER_LIMIT = 1_000_000  # the line saying how to read the export: a few maps, never this large
ENTRY_LIMIT = 50_000_000 + HEADER_LIMIT  # the import's own limit on the export, and its header

__all__ = ["ImportEntry", "leave_import", "read_import", "set_aside", "taken", "waiting_imports"]


@dataclass(frozen=True)
class ImportEntry:
    """A CRM export waiting in the inbox: the file's name (for what is said), its bytes, and how to read them."""

    file: Path
    source: str
    raw: bytes
    crm: str | None = None
    column_map: dict[str, str] = field(default_factory=dict)
    stage_map: dict[str, str] = field(default_factory=dict)
    decimal: str | None = None
    rule: dict[str, Any] = field(default_factory=dict)  # plan_import's objective_id, reopen and unsure, as given


def leave_import(path: Path, raw: bytes, *, source: str, crm: str | None = None,
                 column_map: dict[str, str] | None = None, stage_map: dict[str, str] | None = None,
                 decimal: str | None = None, rule: dict[str, Any] | None = None) -> Path:
    """Writes an export into the workspace's inbox (atomically, private); the app imports it.

    Raises StorageError (UntrustedInbox for a folder that is not the user's own) with nothing left there.
    """
    folder = inbox_dir(path)
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        waiting(path)  # raises UntrustedInbox for a folder that is not the user's alone: nothing is left in it
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        target = folder / f"{stamp}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        header = json.dumps({"source": source, "crm": crm, "column_map": column_map or {},
                             "stage_map": stage_map or {}, "decimal": decimal, "rule": _rule(rule or {})},
                            ensure_ascii=False).encode()
        atomic_write(target, header + b"\n" + raw)
    except UntrustedInbox:
        raise
    except OSError as e:
        raise StorageError(f"could not leave the import in {folder} ({e.strerror})") from None
    return target


def waiting_imports(path: Path) -> list[Path]:
    """The imports waiting, oldest first: regular files of the user's own in a trusted inbox (see inbox.waiting,
    which raises UntrustedInbox for one that is not)."""
    folder = inbox_dir(path)
    if not folder.is_dir():
        return []
    waiting(path)  # the folder's trust, checked as the actions' is
    try:
        return sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith(".")
                      and p.is_file() and not p.is_symlink())
    except OSError:
        return []


def read_import(file: Path) -> ImportEntry:
    """One waiting import, or ValueError saying what is wrong with it (a link or a device is not read)."""
    try:
        data = read_regular(file, ENTRY_LIMIT, follow=False)
        header, sep, raw = data.partition(b"\n")
        if not sep or len(header) > HEADER_LIMIT:
            raise ValueError("it has no line saying how to read the export")
        said = json.loads(header)
        maps = {name: _pairs(said.get(name)) for name in ("column_map", "stage_map")}
        crm, decimal = said.get("crm"), said.get("decimal")
        if not (crm is None or isinstance(crm, str)) or decimal not in (None, ".", ","):
            raise ValueError("its CRM or decimal mark is not one salesplan reads")
        return ImportEntry(file, str(said.get("source") or file.name), raw, crm, maps["column_map"],
                           maps["stage_map"], decimal, _rule(said.get("rule") or {}))
    except (OSError, ValueError, TypeError, AttributeError) as e:
        raise ValueError(f"{file.name} cannot be read ({e})") from None


def _rule(found: object) -> dict[str, Any]:
    """The import's rule (see plan_import): only its three settings, each of its own type."""
    if not isinstance(found, dict):
        raise ValueError("its rule is not a set of settings")
    objective_id, reopen, unsure = found.get("objective_id"), found.get("reopen", False), found.get("unsure")
    if not (objective_id is None or (isinstance(objective_id, int) and not isinstance(objective_id, bool))) \
            or not isinstance(reopen, bool) or unsure not in (None, "new", "same"):
        raise ValueError("its rule is not one salesplan reads")
    return {"objective_id": objective_id, "reopen": reopen, "unsure": unsure}


def _pairs(found: object) -> dict[str, str]:
    if not isinstance(found, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in found.items()):
        raise ValueError("its maps are not NAME=VALUE pairs")
    return dict(found)
