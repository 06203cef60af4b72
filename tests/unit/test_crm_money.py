"""Tests amounts read as written in their locale (Babel), the ones that read two ways asked about, and currencies kept."""

from __future__ import annotations

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.exchange.crm import money, values
from salesplan_tui.core.exchange.crm.importing import ERROR, plan_import
from salesplan_tui.core.model.records import Deal
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CLOCK = Clock.on(TODAY)
HEADER = "Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date\n"



@pytest.mark.parametrize(("cell", "expected"), [
    ("€ 38.000", (38_000.0, "EUR")), ("38.000,50 €", (38_000.5, "EUR")), ("1,234.56", (1234.56, None)),
    ("CHF 1'250", (1250.0, "CHF")), ("CHF 1’250.50", (1250.5, "CHF")), ("$1.5M", (1_500_000.0, "USD")),
    ("120k", (120_000.0, None)), ("120K", (120_000.0, None)), ("€ 1.234.567,89", (1_234_567.89, "EUR")),
    ("1,5 Mio €", (1_500_000.0, "EUR")), ("$2.5bn", (2_500_000_000.0, "USD")), ("₹1,25,000", (125_000.0, "INR")),
    ("1\u202f250,50 €", (1250.5, "EUR")), ("$1,234", (1234.0, "USD")), ("£0.99", (0.99, "GBP")),
])
def test_amounts_in_their_locale(cell: str, expected: tuple[float, str | None]) -> None:
    assert money.amount(cell) == expected


@pytest.mark.parametrize("cell", ["1.234", "1,234", "38.000", "1.234k", "KWD 1.234"])
def test_an_amount_that_reads_two_ways_is_asked_about(cell: str) -> None:
    with pytest.raises(values.BadValue, match="reads two ways"):
        money.amount(cell)


@pytest.mark.parametrize(("cell", "decimal", "expected"), [
    ("1.234", ",", 1234.0), ("1.234", ".", 1.234), ("1,234", ",", 1.234), ("1,234", ".", 1234.0),
    ("1.234k", ".", 1234.0),
])
def test_the_file_s_decimal_mark_answers(cell: str, decimal: str, expected: float) -> None:
    assert money.amount(cell, decimal=decimal)[0] == expected


@pytest.mark.parametrize("cell", ["1e999", "1E5", "NaN", "inf", "-5", "(1,200)", "ten", "$", "1.2.3,4,5", "1,2,3",
                                  "\x1b[31m5\x1b[0m", "[5]", "2e12", "5000000000000"])
def test_amounts_refused_in_one_line(cell: str) -> None:
    with pytest.raises(values.BadValue) as refused:
        money.amount(cell)
    assert "\n" not in str(refused.value) and "\x1b" not in str(refused.value)


def test_the_column_decides_a_cell_that_reads_two_ways(demo_repo: Repository) -> None:
    european = HEADER + "1,A,Acme,Prospecting,\"12.500,00\",2027-01-05\n2,B,Acme,Prospecting,38.000,2027-01-05\n"
    assert [r.outcome for r in plan_import(demo_repo, european.encode(), CLOCK).rows] != [ERROR, ERROR]
    deal = plan_import(demo_repo, european.encode(), CLOCK)
    assert deal.errors == ()
    assert any("read with ',' as the decimal mark" in n for n in deal.notes)
    american = HEADER + "1,A,Acme,Prospecting,15500.50,2027-01-05\n2,B,Acme,Prospecting,\"120,000\",2027-01-05\n"
    assert plan_import(demo_repo, american.encode(), CLOCK).errors == ()


def test_a_two_way_amount_is_one_line_naming_row_and_cell_in_the_dry_run(demo_repo: Repository) -> None:
    raw = (HEADER + "1,A,Acme,Prospecting,1.234,2027-01-05\n").encode()
    found = plan_import(demo_repo, raw, CLOCK)
    assert found.change is None and len(found.errors) == 1
    assert found.errors[0].startswith("row 2: the amount '1.234' reads two ways")
    answered = plan_import(demo_repo, raw, CLOCK, decimal=",")
    assert answered.errors == () and "1,234.00 USD" in answered.rows[0].line


def test_the_dry_run_shows_each_row_s_currency(demo_repo: Repository) -> None:
    raw = (HEADER + "1,A,Acme,Prospecting,€ 38.000,2027-01-05\n").encode()
    found = plan_import(demo_repo, raw, CLOCK)
    assert found.errors == () and "38,000.00 EUR" in found.rows[0].line
    demo_repo.apply(found.change)
    again = plan_import(demo_repo, (HEADER + "1,A,Acme,Prospecting,\"€ 39.000\",2027-01-05\n").encode(), CLOCK)
    assert "39,000.00 EUR" in again.rows[0].line


def test_a_re_import_without_a_currency_keeps_the_deal_s_own(demo_repo: Repository) -> None:
    first = plan_import(demo_repo, (HEADER + "1,A,Acme,Prospecting,€ 38.000,2027-01-05\n").encode(), CLOCK)
    demo_repo.apply(first.change)
    plain = plan_import(demo_repo, (HEADER + "1,A,Acme,Prospecting,39000,2027-01-05\n").encode(), CLOCK)
    demo_repo.apply(plain.change)
    deal = next(d for d in demo_repo.all(Deal) if d.crm_id == "1")
    assert (deal.value, deal.currency) == (39_000.0, "EUR")
