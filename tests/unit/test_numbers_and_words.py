"""Tests how numbers and words read (issue 23, items 5 and 6): big money, words agreeing, the plan's Markdown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.base.money_text import MAX_MONEY, figure_of, long_money, money_problem, short_money
from salesplan_tui.core.base.words import of_total, plural
from salesplan_tui.core.exchange.crm.money import typed_amount
from salesplan_tui.core.exchange.plan_export import plan_markdown
from salesplan_tui.core.model.records import Deal, Objective
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import goal_ops
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY


@pytest.mark.parametrize(("value", "said"), [
    (950, "$950"), (10_000, "$10k"), (999_499, "$999k"), (999_960, "$1.0M"), (1_500_000, "$1.5M"),
    (999_960_000, "$1.0B"), (1e12, "$1.0T"), (999.96e9, "$1.0T"), (-12_000, "-$12k"), (float("inf"), "$?"),
])
def test_a_short_amount_never_reads_a_thousand_of_a_unit(value: float, said: str) -> None:
    assert short_money(value) == said


def test_a_long_amount_is_written_out() -> None:
    assert long_money(1_500_000) == "$1,500,000"
    assert long_money(38_000.5, "EUR") == "€38,000.50"
    assert long_money(1_250, "CHF") == "CHF 1,250"


def test_an_amount_past_the_bound_is_refused_naming_the_field() -> None:
    assert money_problem(MAX_MONEY) == ""
    said = money_problem(1e12 + 1, "target")
    assert said == "target is past the largest amount salesplan keeps ($1,000,000,000,000)"
    assert money_problem(float("nan"), "value") == "value is not a number"


@pytest.mark.parametrize(("count", "word", "said"), [
    (1, "open deal", "1 open deal"), (2, "open deal", "2 open deals"), (0, "objective", "0 objectives"),
    (1, "objective", "1 objective"), (3, "entry", "3 entries"), (2, "match", "2 matches"), (2, "person", "2 people"),
    (1_000, "row", "1,000 rows"), (2.0, "day", "2 days"), (20, "QBRs", "20 QBRs"),
])
def test_words_agree_in_number(count: float, word: str, said: str) -> None:
    assert plural(count, word) == said


@pytest.mark.parametrize(("args", "said"), [
    ((0, 1_500_000, "$"), "$0 of $1,500,000"), ((80, 95, "%"), "80% of 95%"), ((0, 20, "QBRs"), "0 of 20 QBRs"),
    ((1, 1, "deal"), "1 of 1 deal"), ((3, 5, ""), "3 of 5"), ((5, 40, "EUR"), "€5 of €40"),
])
def test_a_figure_against_its_target(args: tuple[float, float, str], said: str) -> None:
    assert figure_of(*args) == said
    assert of_total(0, 20, "QBR") == "0 of 20 QBRs"


def test_the_markdown_plan_has_each_deals_steps_money_as_the_app_writes_it_and_a_final_newline(
        demo_repo: Repository) -> None:
    md = plan_markdown(demo_repo, TODAY)
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert "bookings: $780,000 of $1,200,000 (65%)" in md
    assert "QBRs held: 3 of 5 (60%)" in md
    assert "## Pipeline" in md
    deal = md[md.index("### Northwind Traders — Northwind: regional warehouses phase 2"):]
    deal = deal[:deal.index("\n### ")]
    assert "Negotiation, $240,000, close " in deal
    assert deal.count("\n- [") == 2  # its two steps
    assert " $" not in md.replace(" $", "\0$").split("\0")[0]  # nothing like "1,500,000 $"
    assert "0 $" not in md


def test_the_cli_export_of_the_plan_ends_with_a_newline(demo_repo: Repository, tmp_path: Path) -> None:
    path = demo_repo.path
    demo_repo.close()
    out = subprocess.run([sys.executable, "-m", "salesplan_tui", "export", "--format", "md", "--db", str(path)],
                         capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.endswith(b"\n") and b"## Pipeline" in out.stdout


@pytest.mark.parametrize(("typed", "read"), [
    ("$1.5M", 1_500_000), ("120k", 120_000), ("€ 38.000", 38_000), ("1,234.56", 1_234.56), ("CHF 1'250", 1_250),
    ("12.5", 12.5), ("95", 95), ("-2", -2), ("780,000", 780_000), ("1,200,000", 1_200_000), ("1.234", 1.234),
    ("1.2e+06", 1_200_000),
])
def test_a_target_takes_the_same_money_syntax_as_a_value(typed: str, read: float) -> None:
    assert typed_amount(typed, "target") == read


@pytest.mark.parametrize(("typed", "said"), [
    ("lots", "not a number of money"), ("2000bn", "more than"), ("1e18", "past the largest amount"),
])
def test_a_typed_amount_that_cannot_be_read_is_refused_naming_the_field(typed: str, said: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        typed_amount(typed, "target")
    assert list(refused.value.errors) == ["target"] and said in refused.value.errors["target"]


def test_a_deal_or_an_objective_past_a_trillion_is_refused_naming_the_field(demo_repo: Repository) -> None:
    deal = demo_repo.get(Deal, 1)
    with pytest.raises(ValidationFailed) as refused:
        deal_ops.edit_deal(demo_repo, Clock.on(TODAY), deal, expected_close=deal.expected_close, value=2e12)
    assert list(refused.value.errors) == ["value"]
    demo_repo.apply(deal_ops.edit_deal(demo_repo, Clock.on(TODAY), deal, expected_close=deal.expected_close, value=1e12))
    with pytest.raises(ValidationFailed) as refused:
        goal_ops.edit(demo_repo, demo_repo.get(Objective, 3), target=5e12)
    assert list(refused.value.errors) == ["target"]


def test_an_import_refuses_an_amount_past_a_trillion_but_a_stored_one_still_opens() -> None:
    import copy
    import datetime as dt

    from salesplan_tui.core.exchange.demo import demo_document
    from salesplan_tui.core.exchange.workspace_json import from_document

    doc = demo_document(dt.date(2026, 12, 7))
    from_document(copy.deepcopy(doc))
    doc["deals"][0]["value"] = 1e300
    with pytest.raises(ValueError, match=r"deals record 1 is invalid \(value: past the largest amount"):
        from_document(doc)
    # a workspace that already holds one (written before the bound) is read as it is: it must never stop opening
    assert Deal.model_validate({"account_id": 1, "title": "x", "value": 1e300, "stage": "Prospect",
                                "expected_close": "2026-12-01"}).value == 1e300
