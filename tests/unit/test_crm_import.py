"""Tests the import of deals from CRM exports: each CRM's shape, real value formats, bad rows, re-imports, one write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.crm import money, values
from salesplan_tui.core.exchange.crm.importing import CREATE, ERROR, UNCHANGED, UPDATE, plan_import
from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Account, Contact, Deal
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CRM = Path(__file__).resolve().parents[1] / "data" / "crm"
CLOCK = Clock.on(TODAY)


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    opened = open_demo(TODAY, folder=tmp_path)
    yield opened
    opened.close()


def plan(repo: Repository, name: str, **options: object):
    return plan_import(repo, (CRM / name).read_bytes(), CLOCK, **options)


def imported(repo: Repository, name: str, **options: object) -> list[Deal]:
    """Applies the import of a sample file and returns the deals it holds, by title."""
    found = plan(repo, name, **options)
    assert found.errors == () and found.change is not None
    repo.apply(found.change)
    return [d for d in repo.all(Deal) if d.crm == found.crm]


def by_title(deals: list[Deal]) -> dict[str, Deal]:
    return {d.title: d for d in deals}


def account_of(repo: Repository, deal: Deal) -> str:
    return repo.get(Account, deal.account_id).name


def test_salesforce_report_with_bom_dollars_us_dates_quotes_and_footer(repo: Repository) -> None:
    result = plan(repo, "salesforce_opportunities.csv")
    assert result.crm == "salesforce" and result.errors == ()
    assert [r.outcome for r in result.rows] == [CREATE] * 6  # the "Grand Totals" and copyright footer are not deals
    deals = by_title(imported(repo, "salesforce_opportunities.csv"))
    northwind = deals["Northwind: fleet renewal"]
    assert northwind.value == 184_000.0 and northwind.currency == "USD"
    assert northwind.expected_close == dt.date(2026, 12, 18) and northwind.stage == "Negotiation"
    assert northwind.crm_id == "0065g00000AbCdE1" and northwind.next_call_outcome.startswith("Send the redlined")
    assert account_of(repo, northwind) == "Northwind Traders"  # the demo's account, found by name
    quoted = deals['Acme: "Phase 2" analytics, EMEA']
    assert quoted.value == 1_250_000.0 and quoted.stage == "Discovery"
    assert deals["Acme: support uplift"].account_id == quoted.account_id  # "acme, inc." is the same account
    assert account_of(repo, deals["Müller: Werk 2 rollout"]) == "Müller & Söhne GmbH"
    assert deals["Ōsaka: pilot"].stage == "Closed Won" and deals["Contoso: data platform"].stage == "Closed Lost"
    assert deals["Acme: support uplift"].stage == "Prospect" and deals["Acme: support uplift"].value == 9999.99


def test_hubspot_export_with_internal_stage_names_timestamps_and_contacts(repo: Repository) -> None:
    result = plan(repo, "hubspot_deals.csv")
    assert result.crm == "hubspot" and result.new_accounts == 3 and result.new_contacts == 2
    deals = by_title(imported(repo, "hubspot_deals.csv"))
    renewal = deals["Fabrikam – PO renewal"]
    assert renewal.stage == "Negotiation" and renewal.expected_close == dt.date(2027, 1, 20)
    assert renewal.account_id == deals["Fabrikam – services add-on"].account_id  # FABRIKAM is Fabrikam
    assert deals["Fabrikam – services add-on"].stage == "Closed Won"
    assert deals["Tailspin Toys, EU expansion"].value == 120_000.0 and deals["Tailspin Toys, EU expansion"].stage == "Discovery"
    assert deals["Litware onboarding"].stage == "Solution" and deals["Litware onboarding"].value == 15500.5
    contact = repo.get(Contact, deals["Tailspin Toys, EU expansion"].contact_ids[0])
    assert contact.name == "Åsa Lindqvist" and contact.account_id == deals["Tailspin Toys, EU expansion"].account_id


def test_pipedrive_status_decides_won_and_lost_and_keeps_currency_and_reason(repo: Repository) -> None:
    deals = by_title(imported(repo, "pipedrive_deals.csv"))
    assert deals["Blue Yonder pilot"].stage == "Closed Won"  # its stage column says Proposal Made; the status wins
    lost = deals['Initech, "TPS" reports']
    assert lost.stage == "Closed Lost" and lost.lost_reason == "Went with a competitor, cheaper" and lost.currency == "GBP"
    assert deals["Żabka – store analytics"].stage == "Solution" and deals["Żabka – store analytics"].currency == "EUR"
    assert deals["Globex new region"].value == 0 and deals["Globex new region"].stage == "Prospect"
    assert deals["Żabka – store analytics"].crm == "pipedrive" and deals["Żabka – store analytics"].crm_id == "41"


def test_a_spreadsheet_with_semicolons_windows_text_and_european_numbers(repo: Repository) -> None:
    result = plan(repo, "spreadsheet_semicolons.csv")
    assert result.crm == "csv" and "read as Windows-1252 text" in result.notes
    deals = by_title(imported(repo, "spreadsheet_semicolons.csv"))
    rollout = deals["Rollout; phase 1"]
    assert rollout.value == 184_000.0 and rollout.currency == "EUR" and rollout.expected_close == dt.date(2026, 12, 18)
    assert account_of(repo, rollout) == "Café Lumière SARL" and repo.get(Contact, rollout.contact_ids[0]).name == "Zoë Dupont"
    assert deals["Site licence"].value == 1250.5 and deals["Site licence"].expected_close == dt.date(2027, 1, 2)


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_planned(repo: Repository) -> None:
    result = plan(repo, "salesforce_bad_rows.csv")
    assert result.change is None
    assert [r.outcome for r in result.rows] == [CREATE] + [ERROR] * 7
    reasons = dict(e.split(": ", 1) for e in result.errors)
    assert "amount 'ten thousand'" in reasons["row 3"] and "deal name is missing" in reasons["row 4"]
    assert "'Verbal Yes' is not one salesplan knows" in reasons["row 5"] and "--map-stage" in reasons["row 5"]
    assert "date '31/31/2026'" in reasons["row 6"]
    assert "'1e999'" in reasons["row 7"] and "'NaN'" in reasons["row 8"] and "close date is missing" in reasons["row 9"]


def test_a_re_import_updates_the_same_deals_and_records_the_moves(repo: Repository) -> None:
    first = by_title(imported(repo, "hubspot_deals.csv"))
    count = len(repo.all(Deal))
    result = plan(repo, "hubspot_deals_reimport.csv")
    assert [r.outcome for r in result.rows] == [UPDATE, UPDATE, UNCHANGED, UNCHANGED, CREATE]
    repo.apply(result.change)
    assert len(repo.all(Deal)) == count + 1
    renewal = repo.get(Deal, first["Fabrikam – PO renewal"].id)
    assert renewal.stage == "Closed Won" and [h.stage for h in renewal.stage_history] == ["Negotiation", "Closed Won"]
    tailspin = repo.get(Deal, first["Tailspin Toys, EU expansion"].id)
    assert tailspin.value == 135_000.0 and tailspin.stage == "Discovery"
    assert [(s.old, s.new) for s in tailspin.close_slips] == [(dt.date(2027, 2, 28), dt.date(2027, 4, 30))]
    again = plan(repo, "hubspot_deals_reimport.csv")
    assert {r.outcome for r in again.rows} == {UNCHANGED} and again.change is None


def test_an_import_is_one_write_and_one_undo_step(repo: Repository) -> None:
    before = (len(repo.all(Deal)), len(repo.all(Account)), len(repo.all(Contact)))
    imported(repo, "hubspot_deals.csv")
    assert repo.undo() is not None
    assert (len(repo.all(Deal)), len(repo.all(Account)), len(repo.all(Contact))) == before


def test_map_stage_and_map_columns(repo: Repository) -> None:
    result = plan(repo, "salesforce_bad_rows.csv", stage_map={"verbal yes": "Negotiation"})
    assert "row 5" not in " ".join(result.errors)
    raw = b"Opp,Customer name,Worth,Phase,Due on\nBig one,Acme,\"$5,000\",Verbal Yes,2027-01-05\n"
    mapped = plan_import(repo, raw, CLOCK, column_map={"Opp": "title", "Customer name": "account", "Worth": "amount",
                                                       "Phase": "stage", "Due on": "close_date"},
                         stage_map={"Verbal Yes": "Negotiation"})
    assert mapped.errors == () and mapped.rows[0].stage == "Negotiation"
    unmapped = plan_import(repo, raw, CLOCK)
    assert any("--map" in e for e in unmapped.errors) and unmapped.change is None
    wrong = plan_import(repo, raw, CLOCK, stage_map={"Verbal Yes": "Signed"})
    assert "no stage 'Signed'" in wrong.errors[0]


def test_a_deal_typed_in_salesplan_is_adopted_by_account_and_title(repo: Repository) -> None:
    raw = (b"Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date\n"
           b"006X1,Northwind: analytics add-on,northwind traders,Negotiation/Review,\"$99,000.00\",2/1/2027\n")
    result = plan_import(repo, raw, CLOCK)
    assert result.rows[0].outcome == UPDATE and "linked to Salesforce" in result.rows[0].detail
    repo.apply(result.change)
    deal = repo.get(Deal, 2)
    assert (deal.crm, deal.crm_id, deal.value, deal.stage) == ("salesforce", "006X1", 99_000.0, "Negotiation")


def test_stages_follow_a_workspace_process_by_meaning_and_probability(repo: Repository) -> None:
    rows = "\n".join(f"{n},Deal {n},Acme,{stage},1000,2027-01-05" for n, stage in enumerate(
        ["Qualification", "Value Proposition", "Proposal/Price Quote", "closedwon", "Contract Sent", "Demo Scheduled"]))
    raw = ("Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date\n" + rows).encode()
    stages = [r.stage for r in plan_import(repo, raw, CLOCK, crm="salesforce").rows]
    assert stages == ["Discovery", "Solution", "Proposal", "Closed Won", "Negotiation", "Solution"]


def test_whole_file_problems(repo: Repository) -> None:
    assert "empty" in plan_import(repo, b"", CLOCK).errors[0]
    assert "no deals" in plan_import(repo, b"Deal Name,Deal Stage,Close Date,Associated Company\n", CLOCK).errors[0]
    assert plan_import(repo, b"\x81\x8d\x8f\x90", CLOCK).errors[0].startswith(
        "the file is not UTF-8, UTF-16, UTF-32 or Windows-1252 text")
    assert plan_import(repo, b"Deal,Company,Stage,Close date\n\"open quote,x\n", CLOCK).errors[0].startswith("the file is not readable as CSV")
    twice = b"Record ID,Deal Name,Deal Stage,Close Date,Associated Company\n7,A,closedwon,2027-01-01,X\n7,B,closedwon,2027-01-01,X\n"
    assert plan_import(repo, twice, CLOCK).errors == ("row 3: the same deal as row 2",)


@pytest.mark.parametrize(("cell", "expected"), [
    ("$184,000.00", (184000.0, "USD")), ("184.000,00 €", (184000.0, "EUR")), ("EUR 1 200", (1200.0, "EUR")),
    ("1'000.50", (1000.5, None)), ("£7,200", (7200.0, "GBP")), ("12,5", (12.5, None)), ("", (0.0, None)),
    ("1,250,000", (1250000.0, None)), ("15500.50", (15500.5, None)), ("1\u00a0250,50 EUR", (1250.5, "EUR")),
])
def test_amounts(cell: str, expected: tuple[float, str | None]) -> None:
    assert money.amount(cell) == expected


@pytest.mark.parametrize("cell", ["1e999", "NaN", "inf", "-5", "(300.00)", "ten", "1.2.3,4,5", "$"])
def test_amounts_refused(cell: str) -> None:
    with pytest.raises(values.BadValue):
        money.amount(cell)


@pytest.mark.parametrize(("cell", "day_first", "expected"), [
    ("12/18/2026", False, dt.date(2026, 12, 18)), ("2027-01-20 00:00", False, dt.date(2027, 1, 20)),
    ("2027-01-20T09:30:00Z", False, dt.date(2027, 1, 20)), ("18.12.2026", True, dt.date(2026, 12, 18)),
    ("3/4/27", False, dt.date(2027, 3, 4)), ("3/4/27", True, dt.date(2027, 4, 3)),
    ("Dec 18, 2026", False, dt.date(2026, 12, 18)), ("18 December 2026", False, dt.date(2026, 12, 18)),
    ("", False, None),
])
def test_dates(cell: str, day_first: bool, expected: dt.date | None) -> None:
    assert values.date(cell, day_first=day_first) == expected


def test_a_column_of_day_first_dates_is_recognised() -> None:
    assert values.day_first(["01/02/2027", "18/12/2026"]) and not values.day_first(["01/02/2027", "12/18/2026"])
    with pytest.raises(values.BadValue):
        values.date("2026-02-30")


@pytest.mark.parametrize(("cell", "expected"), [("75", 0.75), ("75%", 0.75), ("0.2", 0.2), ("", None), ("100", 1.0)])
def test_percentages(cell: str, expected: float | None) -> None:
    assert values.percent(cell) == expected
