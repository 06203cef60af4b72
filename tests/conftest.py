"""Provides fixtures shared by every test: a fixed 'today', temporary workspaces, no user config leaking in."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

if TYPE_CHECKING:
    from salesplan_tui.core.storage import Repository

pytest_plugins = ["tests.postgres_fixtures"]  # the private PostgreSQL server, and `target` on both backends

TODAY = dt.date(2026, 11, 23)  # a Monday: the day the coach examples are judged on

# No property test may fail because the machine is busy: no deadline per example, and no health check on how slowly
# examples are made. (A test's own @settings overrides only what it names; one that names suppress_health_check
# must list too_slow itself.)
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


@pytest.fixture(autouse=True, scope="session")
def _isolated_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test writes into the user's data folder (the seal's key lives there); one folder for the whole run, as
    the key is read once per process."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))  # the compiled patterns (regex_cache)
        yield


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
def demo_repo(tmp_path: Path) -> Iterator[Repository]:
    """The demo workspace in this test's own folder, open for writing on the fixed day; closed when the test ends,
    pass or fail."""
    from salesplan_tui.core.exchange.demo import open_demo

    repo = open_demo(TODAY, folder=tmp_path)
    try:
        yield repo
    finally:
        repo.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.json"


class Opened:
    """The workspaces a test opened through it, each closed when the test ends, pass or fail.

    A test that fails half way must not leave its writer lock (an open descriptor) to the tests that run after it in
    the same process. Closing twice is harmless, so a test may still close a workspace itself part way, as a user
    would, when what it checks next needs the lock free.
    """

    def __init__(self) -> None:
        self.repos: list[Repository] = []

    def repo(self, path: Path, **kwargs: Any) -> Repository:
        """Opens the workspace at path (as Repository does, with the same options) and keeps it for closing."""
        from salesplan_tui.core.storage import Repository

        repo = Repository(path, **kwargs)
        self.repos.append(repo)
        return repo

    def opener(self, path: Path, **kwargs: Any) -> Callable[[], Repository]:
        """An opener for an app that opens its workspace in the background; what it opens is closed after the test."""
        return lambda: self.repo(path, **kwargs)

    def close_all(self) -> None:
        while self.repos:
            self.repos.pop().close()


@pytest.fixture
def opened() -> Iterator[Opened]:
    """Opens workspaces for a test and closes every one in teardown, whatever the test's outcome."""
    kept = Opened()
    try:
        yield kept
    finally:
        kept.close_all()
