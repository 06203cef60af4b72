"""Provides fixtures shared by every test: a fixed 'today', temporary workspaces, no user config leaking in."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

TODAY = dt.date(2026, 11, 23)  # a Monday: the day the coach examples are judged on


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own coach.json, themes and default workspace never reach a test."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("SALESPLAN_CONFIG", str(home))
    monkeypatch.delenv("SALESPLAN_DB", raising=False)


@pytest.fixture(autouse=True)
def _moved_wall_clock() -> Iterator[None]:
    """SALESPLAN_TEST_CLOCK_SHIFT=31 pytest runs every test with the wall clock moved 31 days: no test may read it."""
    days = os.environ.get("SALESPLAN_TEST_CLOCK_SHIFT")
    if not days:
        yield
        return
    import time_machine

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=int(days)), tick=True):
        yield


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.json"
