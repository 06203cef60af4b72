"""Kills a writing process at random moments; the file must always load and hold every write reported done."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from salesplan_tui.core.model.records import Goal
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import Repository

TRIALS = 200


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


def test_random_sigkill_never_loses_a_reported_write(tmp_path: Path) -> None:
    path = tmp_path / "kill9.json"
    rng = random.Random(9)
    reported: set[int] = set()
    for trial in range(TRIALS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _writer(path, trial * 1000, write_end)
        os.close(write_end)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_end) as pipe:
            reported |= {int(line) for line in pipe.read().split()}
        if not path.exists():
            continue  # killed before its first write finished: nothing was promised
        with Repository(path, read_only=True) as repo:
            stored = {g.id for g in repo.all(Goal)}
        missing = reported - stored
        assert not missing, f"trial {trial}: writes reported done but lost: {sorted(missing)[:5]}"
    assert len(reported) > TRIALS  # the children really wrote
