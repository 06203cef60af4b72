"""Provides the PostgreSQL fixtures: one private server per test process, a fresh database per test, both backends.

The server tests are skipped, with the reason shown, only when no PostgreSQL server programs are installed; with
SALESPLAN_REQUIRE_POSTGRES=1 (set by .ci/run) that is a failure instead, so CI never skips them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.postgres_server import PrivateServer, binaries, reap_orphans

BACKENDS = ["file", "server"]
_reaped: list[Path] = []  # what this test process stopped of the servers killed runs left (once, before its first)
_reaping = [True]  # still to do in this process


def _server_or_skip() -> PrivateServer:
    if binaries() is None:
        reason = "no PostgreSQL server programs (initdb): apt-get install postgresql"
        if os.environ.get("SALESPLAN_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"SALESPLAN_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    if _reaping:
        _reaping.clear()
        _reaped.extend(reap_orphans())
    return PrivateServer()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PrivateServer]:
    """A private server for this test process (initdb into a temp folder, pg_ctl on a Unix socket), removed at the end."""
    server = _server_or_skip()
    server.start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
def own_server() -> Iterator[PrivateServer]:
    """A server of the test's own, for a test that stops or kills it."""
    server = _server_or_skip()
    server.start()
    try:
        yield server
    finally:
        server.remove()


@pytest.fixture
def pg_url(pg_server: PrivateServer) -> Callable[[str], str]:
    """The address of a workspace (by name) in a fresh database of the private server."""
    database = pg_server.new_database()
    return lambda workspace="workspace": pg_server.url(database, workspace)


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    """Where a workspace lives, on each backend in turn: a file, and a workspace on the private server."""
    if request.param == "file":
        return tmp_path / "workspace.json"
    from salesplan_tui.core.storage.opening import target_of

    url = request.getfixturevalue("pg_url")
    return target_of(url())
