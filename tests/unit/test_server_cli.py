"""Tests the command line on a server workspace: selection by --db and $SALESPLAN_DB, and `salesplan migrate`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from salesplan_tui.core.exchange.demo import open_demo

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "salesplan_tui", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, stdin=subprocess.DEVNULL)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    repo = open_demo(dt.date(2026, 11, 23), folder=tmp_path / "demo")
    repo.close()
    return repo.path


def test_migrate_round_trips_the_demo_exactly(demo_file: Path, tmp_path: Path, pg_url: Callable[[str], str]) -> None:
    server = pg_url("demo")
    there = run("migrate", "--db", str(demo_file), "--to", server)
    assert there.returncode == 0, there.stderr
    assert "the exports of both sides are equal" in there.stdout
    back = tmp_path / "back.json"
    again = run("migrate", "--db", server, "--to", str(back))
    assert again.returncode == 0, again.stderr
    exports = [run("export", "--db", where).stdout for where in (str(demo_file), server, str(back))]
    assert exports[0] == exports[1] == exports[2] and '"deals"' in exports[0]


def test_migrate_never_writes_over_a_workspace_that_holds_records(demo_file: Path, pg_url: Callable[[str], str]) -> None:
    server = pg_url("demo")
    assert run("migrate", "--db", str(demo_file), "--to", server).returncode == 0
    assert run("add", "--db", server, "I call Acme on Friday to confirm the pilot scope").returncode == 0
    before = run("export", "--db", server).stdout
    refused = run("migrate", "--db", str(demo_file), "--to", server)
    assert refused.returncode == 2 and "already holds records; add --replace" in refused.stderr
    assert run("export", "--db", server).stdout == before
    assert run("migrate", "--db", str(demo_file), "--to", server, "--replace").returncode == 0
    assert run("export", "--db", server).stdout == run("export", "--db", str(demo_file)).stdout


def test_salesplan_db_selects_a_server_and_a_path_still_a_file(tmp_path: Path, pg_url: Callable[[str], str]) -> None:
    server = pg_url("ann")
    added = run("add", "I call Acme on Friday to confirm the pilot scope", "--today", "2026-11-23",
                env={"SALESPLAN_DB": server})
    assert added.returncode == 0, added.stderr
    assert "confirm the pilot scope" in run("export", env={"SALESPLAN_DB": server}).stdout
    file = tmp_path / "w.json"
    assert run("add", "I call Acme on Friday to confirm the budget", env={"SALESPLAN_DB": str(file)}).returncode == 0
    assert "confirm the budget" in file.read_text()


def test_a_file_only_command_on_a_server_is_one_line(pg_url: Callable[[str], str]) -> None:
    refused = run("restore", "--latest", "--db", pg_url("ann"))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "salesplan migrate --to FILE" in refused.stderr


def test_the_team_roll_up_reads_every_workspace_of_a_server(demo_file: Path, pg_url: Callable[[str], str]) -> None:
    import json

    for rep in ("ann", "bo"):
        assert run("migrate", "--db", str(demo_file), "--to", pg_url(rep)).returncode == 0
    server = pg_url("ann").split("&workspace=")[0]  # the server, no workspace named: every one on it
    rolled = run("team", "--json", "--today", "2026-11-23", server)
    assert rolled.returncode == 0, rolled.stderr
    report = json.loads(rolled.stdout)
    assert [r["workspace"] for r in report["reps"]] == ["ann", "bo"]
    single = json.loads(run("team", "--json", "--today", "2026-11-23", str(demo_file)).stdout)
    assert report["reps"][0]["open_deals"] == single["reps"][0]["open_deals"] > 0
    assert report["totals"]["open_deals"] == 2 * single["totals"]["open_deals"]
    one = json.loads(run("team", "--json", "--today", "2026-11-23", server + "&workspace=bo").stdout)
    assert [r["workspace"] for r in one["reps"]] == ["bo"]
