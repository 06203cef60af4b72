"""Provides reading one rep's file for the roll-up: a workspace file or a JSON export, read and never written."""

from __future__ import annotations

import errno
from pathlib import Path

from salesplan_tui.core.base.money_text import money_problem
from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.model.records import Deal, Objective
from salesplan_tui.core.storage.atomic import open_regular, parse_bytes, read_regular
from salesplan_tui.core.storage.loading import load
from salesplan_tui.core.storage.schema import Contents
from salesplan_tui.core.team.view import ReadView

NEITHER = "it is neither a salesplan workspace nor a `salesplan export --format json` file"
PEEK = 4096  # bytes looked at before the whole file is read
BOM = b"\xef\xbb\xbf"


def read_rep(path: Path) -> tuple[ReadView, str]:
    """The file's workspace, read without a lock and without writing anything (no backup, no seal, no folder), so it
    can be read while the rep's app has it open; with what it was ("workspace" or "export"). Raises ValueError saying
    in one line what is wrong with it (the caller names the file)."""
    try:
        if _first_byte(path) not in (b"{", b""):  # binary junk or a list: said at once, not after reading 200 MB of it
            raise ValueError(NEITHER)
        raw = read_regular(path)
        if not raw.strip():
            raise ValueError("the file is empty")
        if b'"_meta"' in raw[:64]:  # the app writes its facts first: a workspace file (the loader checks the rest)
            view, kind = _workspace(path), "workspace"
        else:
            doc = parse_bytes(raw)
            if isinstance(doc, dict) and "format" in doc:
                view, kind = ReadView(from_document(doc)), "export"
            elif isinstance(doc, dict) and "_meta" in doc:  # a workspace laid out by another tool (TinyDB, by hand)
                view, kind = _workspace(path), "workspace"
            else:
                raise ValueError(NEITHER)
    except PermissionError:
        raise ValueError("permission denied (a workspace is private to its rep: ask for an export)") from None
    except IsADirectoryError:
        raise ValueError("it is a folder, not a workspace file") from None
    except FileNotFoundError:
        raise ValueError("there is no such file") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ValueError("it is a symbolic link that leads round in a loop") from None
        raise ValueError(e.strerror or str(e)) from None
    except ValueError as e:  # the one reader names the file itself ("x.json is not a regular file"): said once
        said, named = str(e), f"{path} "
        raise ValueError("it " + said.removeprefix(named) if said.startswith(named) else said) from None
    _check_amounts(view)
    return view, kind


def _first_byte(path: Path) -> bytes:
    """The file's first byte that is not white space (b"" when its start is all white space), read through the one
    opener: a FIFO or a device is refused there, before anything is read."""
    handle, _ = open_regular(path)
    with handle:
        return handle.read(PEEK).removeprefix(BOM).lstrip()[:1]  # a BOM (a Windows editor's) is for the parser to name


def _check_amounts(view: ReadView) -> None:
    """An amount no plan could hold (an export edited by hand: 1e300 as a deal's value) refuses the file, naming the
    record, rather than filling the team's totals with a number past any real one."""
    for deal in view.all(Deal, archived=True):
        if problem := money_problem(deal.value, f"deal {deal.id}'s value"):
            raise ValueError(problem)
    for objective in view.all(Objective, archived=True):
        for field in ("baseline", "current", "target"):
            if problem := money_problem(getattr(objective, field), f"objective {objective.id}'s {field}"):
                raise ValueError(problem)


def _workspace(path: Path) -> ReadView:
    loaded = load(path)  # not lazy: nothing is sealed or kept, every record is checked as the app would
    return ReadView(Contents(loaded.workspace, {name: table.records() for name, table in loaded.tables.items()}))
