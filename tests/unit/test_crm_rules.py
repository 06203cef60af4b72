"""Tests the import's rules the user sets and the steps it plans (issue 23, items 1, 2 and 4): the objective a file's
deals serve, unsure matches asked about, closed deals kept closed unless asked, deleted deals left deleted, CRM next
steps planned through the coach or kept as a flagged note, and a re-import of the three CRM files changing nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.crm.importing import CREATE, ERROR, UNCHANGED, UPDATE, plan_import
from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Action, Deal, Measure, Objective
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.pipeline.step_flags import needs_step
from salesplan_tui.core.plan import goal_ops
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CRM = Path(__file__).resolve().parents[1] / "data" / "crm"
CLOCK = Clock.on(TODAY)
HEADER = b"Opportunity Name,Account Name,Stage,Amount,Close Date\n"
HUBSPOT = b"Record ID,Deal Name,Deal Stage,Close Date,Amount,Associated Company,Associated Contact,Next activity"


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    opened = open_demo(TODAY, folder=tmp_path)
    yield opened
    opened.close()


def test_an_import_ties_its_deals_to_the_objective_and_a_won_row_moves_it(repo: Repository) -> None:
    repo.apply(goal_ops.edit(repo, repo.get(Objective, 3), at=CLOCK.now(), measured_by=Measure.WON_VALUE))
    assert repo.get(Objective, 3).current == 0
    raw = HEADER + b"Fleet renewal,Northwind Traders,Closed Won,184000,2026-11-20\nNew thing,Acme,Prospecting,5000,2027-01-05\n"
    found = plan_import(repo, raw, CLOCK, objective_id=3)
    assert found.errors == ()
    repo.apply(found.change)
    assert {d.title: d.objective_id for d in repo.all(Deal) if d.crm}["New thing"] == 3
    assert repo.get(Objective, 3).current == 184000
    repo.undo()  # the import and the objective it moved are one step
    assert repo.get(Objective, 3).current == 0
    assert plan_import(repo, raw, CLOCK, objective_id=99).errors == ("there is no objective 99 to tie the deals to",)


def test_a_row_only_close_to_a_deal_here_is_asked_about_never_guessed(repo: Repository) -> None:
    raw = HEADER + b"Northwind: analytics,Northwind Traders,Proposal,45000,2027-01-15\n"
    asked = plan_import(repo, raw, CLOCK)
    assert asked.rows[0].outcome == ERROR and asked.unsure == (2,) and asked.change is None
    assert "unsure: it may be deal 2 'Northwind: analytics add-on'" in asked.rows[0].line
    assert "--unsure same" in asked.errors[0]
    new = plan_import(repo, raw, CLOCK, unsure="new")
    assert new.rows[0].outcome == CREATE and new.unsure == (2,)
    same = plan_import(repo, raw, CLOCK, unsure="same")
    assert same.rows[0].outcome == UPDATE and "deal 2 by a close title" in same.rows[0].line


def test_a_row_that_fits_two_deals_is_asked_about(repo: Repository) -> None:
    twin = repo.get(Deal, 2)
    repo.apply(deal_ops.add_deal(repo, CLOCK, stage="Proposal", account_id=twin.account_id, title=twin.title,
                                 value=1000, expected_close=twin.expected_close))
    raw = HEADER + b"Northwind - analytics add-on,Northwind Traders,Proposal,45000,2027-01-15\n"
    asked = plan_import(repo, raw, CLOCK)
    assert asked.rows[0].outcome == ERROR and "it may be deal 2" in asked.rows[0].line
    # Merged, the two are one deal: the row finds it, and the deleted copy is no second fit.
    repo.apply(deal_ops.merge_deals(repo, CLOCK, repo.get(Deal, 2), repo.all(Deal)[-1]))
    assert plan_import(repo, raw, CLOCK).rows[0].outcome in (UPDATE, UNCHANGED)


def test_a_closed_deal_is_reopened_only_when_asked(repo: Repository) -> None:
    raw = HEADER + b"Litware: onboarding portal,Litware Bank,Proposal,50000,2027-03-01\n"
    kept = plan_import(repo, raw, CLOCK)
    assert "kept Closed Lost" in kept.rows[0].line and any("--reopen" in n for n in kept.notes)
    reopened = plan_import(repo, raw, CLOCK, reopen=True)
    assert "reopened from Closed Lost" in reopened.rows[0].line
    repo.apply(reopened.change)
    assert repo.get(Deal, 14).stage == "Proposal" and repo.get(Deal, 14).lost_reason == ""


def test_a_deal_deleted_here_is_not_brought_back(repo: Repository) -> None:
    raw = b"Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date\n006A,Big one,Acme,Prospecting,5000,2027-01-05\n"
    repo.apply(plan_import(repo, raw, CLOCK).change)
    big = next(d for d in repo.all(Deal) if d.crm_id == "006A")
    repo.apply(deal_ops.delete_deal(repo, big))
    again = plan_import(repo, raw, CLOCK)
    assert again.rows[0].outcome == UNCHANGED and "deleted here: not brought back" in again.rows[0].line
    assert again.change is None


def test_a_next_step_the_coach_takes_becomes_a_step_once(repo: Repository) -> None:
    raw = HUBSPOT + b"\n91,PO renewal,contractsent,2027-01-20,48000,Fabrikam,Lena Ortiz,Confirm the PO number with Lena by Friday\n"
    found = plan_import(repo, raw, CLOCK)
    assert found.errors == () and "next step planned" in found.rows[0].line
    assert found.steps == ("row 2: next step planned: Confirm the PO number with Lena by Friday",)
    repo.apply(found.change)
    deal = next(d for d in repo.all(Deal) if d.crm_id == "91")
    steps = repo.actions_by("deal_id")[deal.id]
    assert [(a.owner, a.due.isoformat()) for a in steps] == [("me", "2026-11-27")]
    assert "Lena" in steps[0].target and steps[0].outcome
    assert not needs_step(deal, steps)
    again = plan_import(repo, raw, CLOCK)
    assert again.change is None and again.rows[0].outcome == UNCHANGED


def test_a_next_step_with_its_activity_day_and_no_person_is_aimed_at_the_deals_contact(repo: Repository) -> None:
    raw = (b"Deal - ID,Deal - Title,Deal - Organization,Deal - Contact person,Deal - Stage,Deal - Value,"
           b"Deal - Expected close date,Deal - Next activity subject,Deal - Next activity date\n"
           b"77,Store analytics,Zabka,Piotr Nowak,Proposal Made,58000,2027-01-31,Send the signed order form,2026-12-02\n")
    found = plan_import(repo, raw, CLOCK, stage_map={"Proposal Made": "Proposal"})
    assert found.errors == (), found.errors
    step = next(r for r in found.change.records if isinstance(r, Action))
    assert step.target == "Piotr Nowak at Zabka" and step.due.isoformat() == "2026-12-02"
    assert step.captured_from == "Send the signed order form by 2026-12-02"


def test_a_next_step_the_coach_refuses_is_kept_as_a_note_said_per_row_and_flagged(repo: Repository) -> None:
    raw = HUBSPOT + b"\n92,Litware onboarding,contractsent,2027-01-20,15500,Litware,,Follow up\n"
    found = plan_import(repo, raw, CLOCK)
    assert len(found.steps) == 1 and found.steps[0].startswith("row 2: next step 'Follow up' kept as the deal's note")
    repo.apply(found.change)
    deal = next(d for d in repo.all(Deal) if d.crm_id == "92")
    assert deal.notes == "Next step from HubSpot, not yet a plan: Follow up"
    assert needs_step(deal, [])
    again = plan_import(repo, raw, CLOCK)
    assert again.change is None  # the same note is not kept twice
    from salesplan_tui.core.plan import action_ops

    repo.apply(action_ops.add_action(repo, CLOCK, owner="me", target="Sarah Lee at Litware", outcome="agree the date",
                                     due=TODAY, deal_id=deal.id))
    assert not needs_step(deal, repo.actions_by("deal_id")[deal.id])


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "salesplan_tui", *args, "--db", str(db)], capture_output=True,
                          text=True, timeout=60)


def test_a_re_import_of_the_three_crm_files_changes_nothing_byte_for_byte(tmp_path: Path) -> None:
    open_demo(TODAY, folder=tmp_path).close()
    db = tmp_path / "demo.json"
    assert run("objectives", "--measure", "3", "won_value", db=db).returncode == 0
    files = ("salesforce_opportunities.csv", "hubspot_deals.csv", "pipedrive_deals.csv")
    for name in files:
        first = run("import", str(CRM / name), "--objective", "3", db=db)
        assert first.returncode == 0, first.stderr
    before = db.read_bytes()
    for name in files:
        again = run("import", str(CRM / name), "--objective", "3", db=db)
        assert again.returncode == 0, again.stderr
        assert again.stdout.splitlines()[-1].startswith("Nothing to change: 0 to create, 0 to update")
    assert db.read_bytes() == before


def test_the_cli_refuses_an_unsure_row_without_a_flag_and_writes_nothing(tmp_path: Path) -> None:
    open_demo(TODAY, folder=tmp_path).close()
    db = tmp_path / "demo.json"
    csv = tmp_path / "deals.csv"
    csv.write_bytes(HEADER + b"Northwind: analytics,Northwind Traders,Proposal,45000,2027-01-15\n")
    before = db.read_bytes()
    dry = run("import", str(csv), "--dry-run", db=db)
    assert dry.returncode != 0 and "unsure: it may be deal 2" in dry.stdout
    refused = run("import", str(csv), db=db)
    assert refused.returncode != 0 and "Nothing was imported" in refused.stderr
    assert db.read_bytes() == before
    taken = run("import", str(csv), "--unsure", "same", db=db)
    assert taken.returncode == 0, taken.stderr
    assert "deal 2 by a close title" in taken.stdout


def test_the_objective_given_on_import_is_remembered_for_the_crm(tmp_path: Path) -> None:
    open_demo(TODAY, folder=tmp_path).close()
    db = tmp_path / "demo.json"
    first = tmp_path / "first.csv"
    first.write_bytes(HEADER + b"Fleet renewal,Northwind Traders,Prospecting,184000,2027-01-20\n")
    later = tmp_path / "later.csv"
    later.write_bytes(HEADER + b"Second fleet,Northwind Traders,Prospecting,5000,2027-01-20\n")
    assert run("import", str(first), "--from", "salesforce", "--objective", "3", db=db).returncode == 0
    again = run("import", str(later), "--from", "salesforce", db=db)
    assert again.returncode == 0, again.stderr
    assert "deals tied to objective 3, as remembered for this CRM" in again.stderr
    with Repository(db) as repo:
        assert {d.title: d.objective_id for d in repo.all(Deal)}["Second fleet"] == 3
