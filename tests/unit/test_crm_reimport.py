"""Tests that a re-import finds its deals (CRM id, then account and loose title), and never reopens a closed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.crm.importing import CREATE, UNCHANGED, UPDATE, plan_import
from salesplan_tui.core.exchange.crm.matching import title_key
from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Deal
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CRM = Path(__file__).resolve().parents[1] / "data" / "crm"
CLOCK = Clock.on(TODAY)
HEADER = b"Opportunity Name,Account Name,Stage,Amount,Close Date\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    opened = open_demo(TODAY, folder=tmp_path)
    yield opened
    opened.close()


def test_titles_compare_without_punctuation_case_or_the_account_in_front() -> None:
    same = {title_key(t, "Northwind Traders") for t in (
        "Northwind - analytics platform", "Northwind: analytics platform", "northwind analytics platform",
        "NORTHWIND – Analytics  Platform", "analytics platform")}
    assert same == {"analytics platform"}
    assert title_key("Northwind", "Northwind") == "northwind"  # a title that is only the account stays whole


@pytest.mark.parametrize("name", ["salesforce_opportunities.csv", "hubspot_deals.csv", "pipedrive_deals.csv"])
def test_a_re_import_of_the_same_file_changes_nothing(repo: Repository, name: str) -> None:
    first = plan_import(repo, (CRM / name).read_bytes(), CLOCK)
    assert first.errors == () and first.change is not None
    repo.apply(first.change)
    before = repo.snapshot().tables
    again = plan_import(repo, (CRM / name).read_bytes(), CLOCK)
    assert {r.outcome for r in again.rows} == {UNCHANGED} and again.change is None, [r.line for r in again.rows]
    assert repo.snapshot().tables == before


@pytest.mark.parametrize("title", ["Northwind - analytics add-on", "northwind analytics add-on",
                                   "Northwind: Analytics add on"])
def test_a_row_without_an_id_finds_the_typed_deal_by_account_and_loose_title(repo: Repository, title: str) -> None:
    raw = HEADER + f"{title},Northwind Traders,Proposal,45000,2027-01-15\n".encode()
    found = plan_import(repo, raw, CLOCK)
    assert found.rows[0].outcome in (UPDATE, UNCHANGED)
    assert "deal 2 by account and title" in found.rows[0].line
    if found.change:
        repo.apply(found.change)
    assert len([d for d in repo.all(Deal) if "analytics add" in d.title.casefold()]) == 1


def test_a_row_without_an_id_finds_a_deal_imported_with_one(repo: Repository) -> None:
    raw = b"Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date\n006A,Big one,Acme,Prospecting,5000,2027-01-05\n"
    repo.apply(plan_import(repo, raw, CLOCK).change)
    again = plan_import(repo, HEADER + b"Acme - big one,Acme,Prospecting,5000,2027-01-05\n", CLOCK, crm="salesforce")
    assert again.rows[0].outcome == UPDATE and "by account and title: title;" in again.rows[0].line
    repo.apply(again.change)
    assert [d.title for d in repo.all(Deal) if d.crm_id == "006A"] == ["Acme - big one"]


def test_another_record_of_the_same_crm_is_not_matched_by_title(repo: Repository) -> None:
    raw = b"Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date\n006A,Big one,Acme,Prospecting,5000,2027-01-05\n"
    repo.apply(plan_import(repo, raw, CLOCK).change)
    other = plan_import(repo, raw.replace(b"006A", b"006B"), CLOCK)
    assert other.rows[0].outcome == CREATE


def test_a_deal_closed_here_is_not_reopened_and_the_import_says_so(repo: Repository) -> None:
    raw = HEADER + b"Litware: onboarding portal,Litware Bank,Proposal,50000,2027-03-01\n"
    found = plan_import(repo, raw, CLOCK)
    assert found.errors == ()
    assert "kept Closed Lost" in found.rows[0].line
    assert any(n.startswith("row 2: deal 14 is Closed Lost here, and stays so") for n in found.notes)
    if found.change:
        repo.apply(found.change)
    deal = repo.get(Deal, 14)
    assert deal.stage == "Closed Lost" and deal.lost_reason and not deal.close_slips
    won = plan_import(repo, HEADER + b"Northwind: phase 1 warehouses,Northwind Traders,Closed Lost,160000,2026-10-01\n",
                      CLOCK, stage_map={"Closed Lost": "Closed Lost"})
    assert "kept Closed Won" in won.rows[0].line


def test_an_open_deal_still_closes_from_the_file(repo: Repository) -> None:
    raw = HEADER + b"Northwind: analytics add-on,Northwind Traders,Closed Won,45000,2027-01-15\n"
    found = plan_import(repo, raw, CLOCK)
    repo.apply(found.change)
    assert repo.get(Deal, 2).stage == "Closed Won" and found.notes == ()
