"""Tests how amounts and totals are said on screen: large numbers read, and currencies are never added together."""

from __future__ import annotations

import pytest

from salesplan_tui.core.pipeline.moves import Totals
from salesplan_tui.ui.text import money, money_of


@pytest.mark.parametrize(("value", "currency", "said"), [
    (950, "USD", "$950"), (58_000, "EUR", "€58k"), (1_500_000, "USD", "$1.5M"), (2.5e9, "GBP", "£2.5B"),
    (1e12, "USD", "$1.0T"), (1_250, "CHF", "CHF 1,250"), (-12_000, "USD", "-$12k"), (999_960, "USD", "$1.0M"),
    (999.96e9, "USD", "$1.0T"),
])
def test_an_amount_reads_as_a_person_says_it(value: float, currency: str, said: str) -> None:
    assert money(value, currency) == said


def test_totals_in_two_currencies_are_said_apart() -> None:
    euros = Totals(1, 58_000, 29_000, "EUR")
    assert money_of(Totals(3, 1_200_000, 600_000, "USD", (euros,))) == "$1.2M + €58k"
    assert money_of(Totals(3, 1_200_000, 600_000, "USD", (euros,)), weighted=True) == "$600k + €29k"


def test_only_other_currencies_leave_out_an_empty_dollar_sum() -> None:
    assert money_of(Totals(1, 0, 0, "USD", (Totals(1, 58_000, 29_000, "EUR"),))) == "€58k"
    assert money_of(Totals(0, 0, 0, "USD")) == "$0"
