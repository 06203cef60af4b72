"""Tests that the commands say what they could not read: a missing workspace, the team's bad coach.json, and that
the demo's window says it is an app to a waiting `salesplan add`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.storage.lock import holder


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "salesplan_tui", *args], capture_output=True, text=True, timeout=60,
                          env=os.environ.copy())


def test_reading_a_workspace_that_is_not_there_is_one_line_and_a_failure(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    for args in (("export", "--format", "csv"), ("check",), ("deals",), ("reviews",)):
        done = run(*args, "--db", str(missing))
        assert done.returncode == 2 and done.stdout == "", (args, done.stdout)
        assert done.stderr.count("\n") == 1 and "there is no workspace at" in done.stderr, done.stderr
    assert not missing.exists()  # reading made nothing


def test_a_bad_coach_json_is_said_by_judge_and_add(tmp_path: Path) -> None:
    (Path(os.environ["SALESPLAN_CONFIG"]) / "coach.json").write_text('{"hedges": ["zorbly"], "bogus_list": ["x"]}')
    judged = run("judge", "--today", "2026-11-23", "I'll get Dana Ruiz at Northwind to sign the order form by Friday")
    assert judged.returncode == 0 and "coach.json" in judged.stderr and "bogus_list" in judged.stderr
    added = run("add", "--db", str(tmp_path / "w.json"), "--today", "2026-11-23",
                "I'll get Dana Ruiz at Northwind to sign the order form by Friday")
    assert added.returncode == 0 and "bogus_list" in added.stderr


def test_the_demo_window_holds_its_lock_as_an_app(tmp_path: Path) -> None:
    repo = open_demo(folder=tmp_path, role="app")
    try:
        said = holder(repo.path)
        assert said is not None and said[0] == "app"
    finally:
        repo.close()
