"""Tests that every CRM row lands: totals, report lines and blank rows skipped and counted, next steps and activities."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.crm.importing import CREATE, plan_import
from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Deal
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CLOCK = Clock.on(TODAY)

SUMMARY_REPORT = """Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,Next Step,Opportunity ID
Jill,Acme,Acme: phase 1,Prospecting,"$1,000.00",12/18/2026,Send the proposal to Dana,0061
Jill,Acme,Acme: phase 2,Prospecting,"$2,000.00",12/19/2026,,0062
,,Subtotal,,"$3,000.00",,,

Stage: Negotiation/Review
Raj,Globex,Globex: renewal,Negotiation/Review,"$5,000.00",1/5/2027,,0063
Total,,,,"$8,000.00",,,
Grand Totals (3 records),,,,,,,

"Confidential Information - Do Not Distribute"
"""


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    opened = open_demo(TODAY, folder=tmp_path)
    yield opened
    opened.close()


def test_totals_subtotals_report_lines_and_blank_rows_are_skipped_and_counted(repo: Repository) -> None:
    found = plan_import(repo, SUMMARY_REPORT.encode(), CLOCK)
    assert found.errors == () and [r.outcome for r in found.rows] == [CREATE] * 3
    assert "skipped 2 blank rows (rows 5, 10), 3 total rows (rows 4, 8, 9) and 2 report lines (rows 6, 11)" in found.notes


def test_a_deal_named_like_a_total_is_still_a_deal(repo: Repository) -> None:
    raw = b"Opportunity Name,Account Name,Stage,Amount,Close Date\nTotal Wine: POS rollout,Total Wine,Prospecting,5000,2027-01-05\n"
    assert [r.outcome for r in plan_import(repo, raw, CLOCK).rows] == [CREATE]


@pytest.mark.parametrize(("header", "crm"), [
    ("Opportunity Name,Account Name,Stage,Close Date,Amount,Next Step", "salesforce"),
    ("Deal Name,Associated Company,Deal Stage,Close Date,Amount,Next activity", "hubspot"),
    ("Deal - Title,Deal - Organization,Deal - Stage,Deal - Expected close date,Deal - Value,Deal - Next activity", "pipedrive"),
    ("Deal - Title,Deal - Organization,Deal - Stage,Deal - Expected close date,Deal - Value,Next activity subject", "pipedrive"),
])
def test_next_step_and_next_activity_become_the_deal_s_next_step(repo: Repository, header: str, crm: str) -> None:
    raw = f"{header}\nBig one,Acme,Prospecting,2027-01-05,5000,Book the CFO demo with Dana\n".encode()
    found = plan_import(repo, raw, CLOCK, crm=crm)
    assert found.errors == () and found.change is not None, found.errors
    repo.apply(found.change)
    assert [d.next_call_outcome for d in repo.all(Deal) if d.title == "Big one"] == ["Book the CFO demo with Dana"]
