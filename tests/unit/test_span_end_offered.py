"""Tests that a span said as a due date ("next week", "sometime in January") is refused, and its end is one pick."""

from __future__ import annotations

import datetime as dt

import pytest

from salesplan_tui.core.coach.completions import completions
from salesplan_tui.core.coach.judge import judge
from salesplan_tui.core.dates.parser import parse_date
from salesplan_tui.core.dates.span_ends import span_end

TODAY = dt.date(2026, 11, 23)  # a Monday
PLAN = "I'll get Dana at Acme to sign the PO "


@pytest.mark.parametrize(("said", "label"), [
    ("next week", "end of next week · Fri 4 Dec"),
    ("by next week", "end of next week · Fri 4 Dec"),
    ("sometime in January", "end of January · Sun 31 Jan 2027"),
    ("in Q1", "end of Q1 · Wed 31 Mar 2027"),
    ("the week of Dec 7", "end of that week · Fri 11 Dec"),
])
def test_a_span_is_refused_and_its_end_offered_as_one_pick(said: str, label: str) -> None:
    verdict = judge(PLAN + said + ".", today=TODAY)
    assert not verdict.specific and "due" in verdict.missing
    offers = completions(PLAN + said + ".", verdict, TODAY, check=lambda text: judge(text, today=TODAY))
    picked = [o for o in offers if o.label == label]
    assert len(picked) == 1 and offers[0] is picked[0]  # the span's own end comes first
    assert judge(picked[0].text, today=TODAY).specific


def test_next_week_is_no_day_in_a_date_field() -> None:
    assert parse_date("next week", TODAY) is None
    assert parse_date("end of next week", TODAY) == dt.date(2026, 12, 4)


@pytest.mark.parametrize("said", ["mid-February", "after the holidays", "in a few weeks", "early next year"])
def test_a_span_with_no_end_meant_offers_none(said: str) -> None:
    assert span_end(said, TODAY) is None
