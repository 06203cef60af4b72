"""Provides fixtures shared by every test: a fixed 'today', temporary workspaces, no user config leaking in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

TODAY = dt.date(2026, 11, 23)  # a Monday: the day the coach examples are judged on


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own coach.json, themes and default workspace never reach a test."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("SALESPLAN_CONFIG", str(home))
    monkeypatch.delenv("SALESPLAN_DB", raising=False)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.json"
