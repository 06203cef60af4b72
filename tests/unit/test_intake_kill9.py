"""Tests that inbox intake is exactly once under kill -9: 100 rounds, each a process killed at a random moment while it
takes the inbox in; after each, every entry it removed has its action in the file, and once intake runs again every
entry is exactly one action. Nothing here depends on how fast the machine is: no count of writes is asserted.

Each round's intake runs in a process of its own, forked from one helper that imported salesplan once (so a round costs
a fork, not an interpreter start), and is killed with SIGKILL; the helper is single-threaded, so forking it is safe.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from salesplan_tui.core.capture import inbox
from salesplan_tui.core.model.records import Action
from salesplan_tui.core.storage import Repository

from .workspace import CLOCK, open_workspace

ROUNDS = 100
ENTRIES = 5
DEADLINE = 60.0  # seconds for any one step of a round: generous, only there so a hang fails instead of waiting

HELPER = r"""
import os, sys
from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.capture import inbox
from salesplan_tui.core.storage import Repository
import datetime as dt

clock = Clock.on(dt.date.fromisoformat(sys.argv[1]))
os.write(1, b"ready\n")
for line in sys.stdin:
    path = line.strip()
    pid = os.fork()
    if pid == 0:  # the round's process: takes the inbox in as `salesplan add` does, then says so
        os.write(1, b"started %d\n" % os.getpid())
        with Repository(path) as repo:
            inbox.take_in_all(repo, clock)
        os.write(1, b"done %d\n" % os.getpid())
        os._exit(0)
    sys.stdin.readline()  # reaped only when told: until then a killed round's pid cannot be given to another process
    os.waitpid(pid, 0)
    os.write(1, b"reaped %d\n" % pid)
"""


class Helper:
    """The forking helper: one line in (a workspace path), lines out (started, done, reaped)."""

    def __init__(self, folder: Path) -> None:
        script = folder / "helper.py"
        script.write_text(HELPER)
        self.proc = subprocess.Popen([sys.executable, str(script), CLOCK.today().isoformat()], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, bufsize=0)
        self._buffer = b""
        assert self.line() == "ready"

    def line(self) -> str:
        deadline = time.monotonic() + DEADLINE
        assert self.proc.stdout is not None
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            assert left > 0, "the intake helper stopped answering"
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                assert chunk, "the intake helper ended"
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def round(self, path: Path, kill_after: float | None) -> tuple[bool, float]:
        """Runs one intake; kills it kill_after seconds after it started (None: lets it finish). Returns whether it
        finished and how long it ran."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{path}\n".encode())
        started = self.line()
        assert started.startswith("started "), started
        pid, began = int(started.split()[1]), time.monotonic()
        finished, ran = False, 0.0
        if kill_after is not None:
            time.sleep(kill_after)
            os.kill(pid, signal.SIGKILL)  # (a process that already ended is a zombie until reaped: no error)
            ran = time.monotonic() - began
        else:
            assert self.line() == f"done {pid}"
            finished, ran = True, time.monotonic() - began
        self.proc.stdin.write(b"reap\n")
        while True:
            said = self.line()
            if said == f"done {pid}":
                finished = True
            elif said == f"reaped {pid}":
                return finished, ran

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def sentences(n: int) -> list[str]:
    return [f"By Friday I'll get Ana Silva at Contoso to return the signed MSA for site {k + 1}" for k in range(n)]


def actions_by_sentence(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with Repository(path, read_only=True) as repo:  # the file always opens
        for action in repo.all(Action, archived=True):
            counts[action.captured_from] = counts.get(action.captured_from, 0) + 1
    return counts


def test_intake_killed_at_random_moments_neither_loses_nor_duplicates(tmp_path: Path) -> None:
    with open_workspace(tmp_path / "template") as repo:
        template = repo.path.read_bytes()
    said = sentences(ENTRIES)
    rng = random.Random(22)
    helper = Helper(tmp_path)
    cut_between = 0  # rounds killed after an action was saved and before its entry was removed (for the message)
    try:
        span = None
        for n in range(ROUNDS + 1):  # round 0 is not killed: it measures how long an intake takes here
            folder = tmp_path / f"round-{n}"
            folder.mkdir()
            path = folder / "workspace.json"
            path.write_bytes(template)
            entries = {inbox.leave(path, s, today=CLOCK.today()): s for s in said}
            finished, ran = helper.round(path, None if span is None else rng.uniform(0, span * 1.1))
            if span is None:
                assert finished
                span = ran
            # Durable: every entry the killed intake removed has its action in the file, which opens; none twice.
            counts = actions_by_sentence(path)
            assert all(c == 1 for c in counts.values() if c), (n, counts)
            removed = [s for f, s in entries.items() if not f.exists()]
            assert all(counts.get(s) == 1 for s in removed), (n, removed, counts)
            cut_between += any(f.exists() and counts.get(s) for f, s in entries.items())
            # Exactly once: intake again (the app's next second, or the next `add`) leaves one action per entry.
            with Repository(path) as repo:
                assert inbox.take_in_all(repo, CLOCK) == []
            counts = actions_by_sentence(path)
            assert all(counts.get(s) == 1 for s in said), (n, counts, cut_between)
            assert inbox.waiting(path) == []
    finally:
        helper.close()
    print(f"{ROUNDS} rounds; {cut_between} killed between saving an action and removing its entry")
