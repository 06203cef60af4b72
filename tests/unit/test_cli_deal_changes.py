"""Tests deleting, merging and tying deals and measuring objectives from the command line (issue 23, items 1, 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Action, Deal, Objective
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "salesplan_tui", *args, "--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    return repo.path


def test_a_won_deal_tied_to_a_measured_objective_moves_it(demo_db: Path) -> None:
    tied = run("deals", "--tie", "phase 1 warehouses", "--objective", "3", db=demo_db)
    assert tied.returncode == 0, tied.stderr
    assert "Tied to New bookings." in tied.stdout
    measured = run("objectives", "--measure", "3", "won_value", db=demo_db)
    assert measured.returncode == 0, measured.stderr
    assert "New bookings: $160,000 of $1,200,000, won value" in measured.stdout
    listed = run("objectives", db=demo_db).stdout
    assert "New bookings: $160,000 of $1,200,000 bookings  (won value, 1 deal tied)" in listed
    assert "Quarterly business reviews with executive sponsors: 3 of 5 QBRs held  (manual)" in listed
    as_json = {o["id"]: o for o in json.loads(run("objectives", "--json", db=demo_db).stdout)}
    assert as_json[3]["measured_by"] == "won_value" and as_json[3]["currency"] == "USD"
    with Repository(demo_db) as repo:
        assert repo.get(Objective, 3).current == 160000


def test_delete_and_merge_from_the_command_line(demo_db: Path) -> None:
    with Repository(demo_db) as repo:
        other_steps = {a.id for a in repo.actions_by("deal_id")[10]}
    merged = run("deals", "--merge", "10", "--into", "Northwind: analytics", db=demo_db)
    assert merged.returncode == 0, merged.stderr
    assert "Merged Globex: analytics module into Northwind: analytics add-on" in merged.stdout
    deleted = run("deals", "--delete", "St Mary", db=demo_db)
    assert deleted.returncode == 0, deleted.stderr
    assert "Deleted Contoso: St Mary's hospital and its 3 open steps." in deleted.stdout
    with Repository(demo_db) as repo:
        assert repo.get(Deal, 10).archived and repo.get(Deal, 3).archived
        assert {a.id for a in repo.actions_by("deal_id")[2]} >= other_steps
        assert all(repo.get(Action, i).deal_id == 2 for i in other_steps)
    listing = run("deals", db=demo_db).stdout
    assert "St Mary" not in listing and "Globex: analytics module" not in listing


@pytest.mark.parametrize(("args", "said"), [
    (("--merge", "10"), "--merge names the duplicate and --into"),
    (("--tie", "1"), "--tie names the deal and --objective"),
    (("--delete", "1", "--tie", "2", "--objective", "3"), "give one of"),
    (("--tie", "1", "--objective", "99"), "there is no objective 99"),
    (("--tie", "1", "--objective", "many"), "--objective takes an objective's id"),
    (("--delete", "no such deal"), "no deal's title or account contains"),
    (("--merge", "2", "--into", "2"), "choose two different deals to merge"),
])
def test_a_refused_deal_change_is_one_line_and_writes_nothing(demo_db: Path, args: tuple[str, ...], said: str) -> None:
    before = demo_db.read_bytes()
    result = run("deals", *args, db=demo_db)
    assert result.returncode != 0
    assert said in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert demo_db.read_bytes() == before


def test_measure_refuses_a_unit_that_is_not_money_and_a_bad_how(demo_db: Path) -> None:
    result = run("objectives", "--measure", "1", "won_value", db=demo_db)
    assert result.returncode != 0 and "counted in money" in result.stderr
    result = run("objectives", "--measure", "3", "lots", db=demo_db)
    assert result.returncode != 0 and "--measure takes manual, won_value" in result.stderr


def test_the_listing_says_which_objective_a_deal_serves_and_a_step_not_yet_a_plan(demo_db: Path) -> None:
    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.pipeline import deal_ops
    from salesplan_tui.core.plan import action_ops

    with Repository(demo_db) as repo:
        for step in [a for a in repo.actions_by("deal_id")[8] if a.is_open]:
            repo.apply(action_ops.drop(step, "the CRM says otherwise"))
        deal = repo.get(Deal, 8)
        repo.apply(deal_ops.edit_deal(repo, Clock.on(TODAY), deal, expected_close=deal.expected_close,
                                      notes="Next step from HubSpot, not yet a plan: Follow up", objective_id=3))
    listing = run("deals", db=demo_db).stdout
    lines = listing.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("   8  "))
    eight = "\n".join(lines[at:at + 3])
    assert "serves objective 3" in eight and "a next step from the CRM is not yet a plan" in eight
    listed = {d["id"]: d for d in json.loads(run("deals", "--json", db=demo_db).stdout)}
    assert listed[8]["needs_step"] and listed[8]["objective_id"] == 3 and not listed[7]["needs_step"]
