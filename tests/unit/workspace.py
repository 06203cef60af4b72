"""Provides a small workspace for the operation tests: one of each record, built from an export document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.workspace_json import FORMAT, from_document
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Record
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CLOCK = Clock.on(TODAY)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def document(**tables: list[dict[str, Any]]) -> dict[str, Any]:
    """A goal, an objective under it, an account and a deal at Discovery with one open step; tables add more."""
    base: dict[str, list[dict[str, Any]]] = {
        "goals": [{"id": 1, "title": "Grow Contoso", "category": "revenue", "period_start": "2026-01-01",
                   "period_end": "2026-12-31"}],
        "objectives": [{"id": 1, "goal_id": 1, "title": "Book meetings", "metric": "meetings", "target": 10,
                        "due": "2026-12-31"}],
        "accounts": [{"id": 1, "name": "Contoso [EU]"}],
        "deals": [{"id": 1, "account_id": 1, "title": "Contoso: pilot", "value": 50000, "stage": "Discovery",
                   "expected_close": day(30).isoformat(), "created_at": "2026-10-01T09:00:00Z",
                   "stage_history": [{"stage": "Discovery", "at": "2026-10-01T09:00:00Z"}]}],
        "actions": [{"id": 1, "owner": "me", "target": "Ana Silva at Contoso", "outcome": "get the MSA back",
                     "due": day(-2).isoformat(), "deal_id": 1, "created_at": "2026-11-01T09:00:00Z"}],
    }
    for name, rows in tables.items():
        base[name] = base.get(name, []) + rows
    return {"format": FORMAT, "version": SCHEMA_VERSION, "workspace": {"name": "Test"}, **base}


def open_workspace(tmp_path: Path, **tables: list[dict[str, Any]]) -> Repository:
    repo = Repository(tmp_path / "workspace.json", keep_backups=0)
    repo.replace_all(from_document(document(**tables)))
    return repo


def applied(repo: Repository, change: Change) -> Record:
    """Saves a change and returns the first record it holds (the one the operation was about)."""
    repo.apply(change)
    return change.records[0]
