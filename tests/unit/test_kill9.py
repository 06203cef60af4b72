"""Kills a writing process at random moments; the file must always load and hold every write reported done.

The test asserts durability only. How many writes a child gets through before the kill depends on the machine's
speed, so no count of writes is asserted: each trial waits (with a generous deadline) until the child has reported
a chosen number of writes done, then kills it a random moment later, inside its next write or between two.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

from salesplan_tui.core.model.records import Goal
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import Repository

TRIALS = 120
DEADLINE = 120.0  # seconds a child may take to report its writes: only a hung child comes near it


def _writer(path: Path, start: int, report: int) -> None:
    """Runs in the forked child: writes goals forever, reporting each id once its write returned."""
    try:
        repo = Repository(path, keep_backups=0)
        n = start
        while True:
            change = plan_ops.add(repo, Goal, title=f"goal {n}", category="revenue",
                                  period_start="2026-01-01", period_end="2026-12-31")
            repo.apply(change)
            goal = change.first(Goal)
            os.write(report, f"{goal.id}\n".encode())
            n += 1
    finally:
        os._exit(1)


class Reports:
    """The ids a child reported done, read from its pipe as they come."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.ids: list[int] = []
        self._partial = b""
        self.closed = False

    def _take(self, data: bytes) -> None:
        if not data:
            self.closed = True
        *lines, self._partial = (self._partial + data).split(b"\n")
        self.ids += [int(line) for line in lines if line]

    def wait_for(self, count: int, pid: int) -> None:
        """Blocks until the child has reported `count` writes; fails only when it dies or hangs."""
        deadline = time.monotonic() + DEADLINE
        while len(self.ids) < count:
            left = deadline - time.monotonic()
            assert left > 0 and not self.closed, f"child {pid} reported {len(self.ids)} of {count} writes"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self._take(os.read(self.fd, 65536))

    def drain(self) -> None:
        """Reads what the dead child reported before it was killed (a write done just before the kill counts)."""
        while not self.closed:
            self._take(os.read(self.fd, 65536))
        os.close(self.fd)


def test_random_sigkill_never_loses_a_reported_write(tmp_path: Path) -> None:
    path = tmp_path / "kill9.json"
    rng = random.Random(9)
    reported: set[int] = set()
    waited_for = 0
    for trial in range(TRIALS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _writer(path, trial * 1000, write_end)
        os.close(write_end)
        reports = Reports(read_end)
        wanted = rng.choice((0, 1, 1, 2, 3))  # 0: killed while opening the file or in its first write
        try:
            reports.wait_for(wanted, pid)
            time.sleep(rng.uniform(0.0, 0.02))  # the kill lands anywhere in the next write, or between two
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        reports.drain()
        waited_for += wanted
        reported |= set(reports.ids)
        if not path.exists():
            assert not reported, f"trial {trial}: the file is gone after {len(reported)} writes reported done"
            continue  # killed before its first write finished: nothing was promised
        with Repository(path, read_only=True) as repo:  # always opens: a kill never leaves a torn file
            stored = {g.id for g in repo.all(Goal)}
        missing = reported - stored
        assert not missing, f"trial {trial}: writes reported done but lost: {sorted(missing)[:5]}"
    assert len(reported) >= waited_for  # every write waited for was reported, and checked above
