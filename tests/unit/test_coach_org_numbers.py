"""Tests that an organisation's name keeps its figures ("3M", "Forever 21", "Account 1"), and that a day, a time or a
span after a name is never taken into it."""

from __future__ import annotations

import datetime as dt

import pytest

from salesplan_tui.core.coach import judge

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(("sentence", "target"), [
    ("By Friday I'll get Bob Chen at 3M to sign the order form.", "Bob Chen at 3M"),
    ("By Friday I'll get Dana Ruiz at Account 1 to sign the order form.", "Dana Ruiz at Account 1"),
    ("By Friday I'll get Ana Silva at Forever 21 to sign the order form.", "Ana Silva at Forever 21"),
    ("By Friday I'll get Ana Silva at Studio 54 to sign the order form.", "Ana Silva at Studio 54"),
    ("By Friday I'll get Tom Baker at 7-Eleven to confirm the budget in writing.", "Tom Baker at 7-Eleven"),
    ("By Thursday I'll get Lena Fischer from Acme 2000 to agree the pilot scope.", "Lena Fischer from Acme 2000"),
])
def test_a_figure_in_an_organisations_name_is_kept(sentence: str, target: str) -> None:
    verdict = judge(sentence, today=TODAY)
    assert verdict.specific and verdict.target == target, (verdict.target, verdict.missing)


@pytest.mark.parametrize(("sentence", "target"), [
    ("By 18 Dec I'll get Dana Ruiz at Acme 2 weeks ahead of the renewal to sign the order form.", "Dana Ruiz at Acme"),
    ("I'll get Dana Ruiz at Acme 12 Dec to sign the order form.", "Dana Ruiz at Acme"),
    ("By Friday I'll get Dana Ruiz at Acme 10:30 to agree the decision date.", "Dana Ruiz at Acme"),
    ("By Friday I'll get Dana Ruiz at Acme 3pm to agree the decision date.", "Dana Ruiz at Acme"),
])
def test_a_day_a_time_or_a_span_after_the_name_is_not_part_of_it(sentence: str, target: str) -> None:
    assert judge(sentence, today=TODAY).target == target
