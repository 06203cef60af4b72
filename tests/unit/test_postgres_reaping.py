"""Tests that a private PostgreSQL server left by a killed test run is stopped and removed by the next run, and that
a server whose run is still going is left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres_server import OWNER, PrivateServer, _state, binaries, reap_orphans

ROOT = Path(__file__).resolve().parents[2]
STARTS = "from tests.postgres_server import PrivateServer\ns = PrivateServer()\ns.start()\nprint(s.folder, flush=True)\n" \
         "import time\ntime.sleep(600)\n"

pytestmark = [pytest.mark.skipif(binaries() is None, reason="no PostgreSQL server programs (initdb)"),
              pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="tells live processes apart in /proc")]


def running(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and _state(pid) != "Z"


def test_a_server_whose_test_process_was_killed_is_stopped_and_removed() -> None:
    run = subprocess.Popen([sys.executable, "-c", STARTS], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout is not None
        folder = Path(run.stdout.readline().strip())
        postmaster = int((folder / "data" / "postmaster.pid").read_text().split()[0])
        assert running(postmaster) and (folder / OWNER).read_text().split()[0] == str(run.pid)
    finally:
        run.send_signal(signal.SIGKILL)  # no finally of its own runs: its server is left behind
        run.wait()
    assert running(postmaster)
    assert folder in reap_orphans(folder.parent)
    assert not running(postmaster) and not folder.exists()


def test_a_server_whose_run_still_goes_is_left_alone() -> None:
    server = PrivateServer()
    try:
        assert (server.folder / OWNER).read_text().split()[0] == str(os.getpid())
        assert server.folder not in reap_orphans(server.folder.parent)
        assert server.folder.exists()
    finally:
        server.remove()


def test_a_pid_used_again_is_not_taken_for_the_owner(tmp_path: Path) -> None:
    folder = tmp_path / "salesplan-pg-reused"
    folder.mkdir()
    (folder / OWNER).write_text(f"{os.getpid()} 1")  # this pid, but a process that started at another time
    assert reap_orphans(tmp_path) == [folder] and not folder.exists()
