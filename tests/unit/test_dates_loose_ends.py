"""Tests the date phrases that were not read: misspelt months, a day of the month in words, fiscal-year ends."""

from __future__ import annotations

import datetime as dt

import pytest

from salesplan_tui.core.dates.fiscal import FiscalYear
from salesplan_tui.core.dates.parser import due_date, find_dates, parse_date
from tests.conftest import TODAY  # Monday 23 Nov 2026

JULY = FiscalYear.of_period(dt.date(2026, 7, 1), dt.date(2027, 6, 30))  # FY27 runs July 2026 to June 2027


@pytest.mark.parametrize(("said", "day"), [
    ("Decmber 4", dt.date(2026, 12, 4)), ("Janaury 15", dt.date(2027, 1, 15)), ("4 Decmber", dt.date(2026, 12, 4)),
    ("Febuary 3rd", dt.date(2027, 2, 3)), ("the 9th of Septmber", dt.date(2027, 9, 9)), ("Ocotber 1", dt.date(2027, 10, 1)),
    ("end of Decmber", dt.date(2026, 12, 31)),
])
def test_a_misspelt_month_is_read_as_the_month(said: str, day: dt.date) -> None:
    assert parse_date(said, TODAY) == day


def test_a_misspelt_month_in_a_sentence_keeps_the_words_as_typed() -> None:
    text = "I'll get Dana at Acme to sign by Decmber 4 at the latest"
    found = due_date(text, TODAY)
    assert found is not None and found.day == dt.date(2026, 12, 4) and found.anchored
    assert found.phrase == "Decmber 4" and text[found.start:found.end] == "Decmber 4"


@pytest.mark.parametrize("said", ["match 3 deals by Friday", "call Marco 4pm Friday", "I decided to march on"])
def test_words_near_a_month_are_not_months(said: str) -> None:
    assert all(m.phrase.lower() in ("friday", "4pm friday") for m in find_dates(said, TODAY))


@pytest.mark.parametrize(("said", "day"), [
    ("the first of December", dt.date(2026, 12, 1)), ("December first", dt.date(2026, 12, 1)),
    ("the twenty-first of January", dt.date(2027, 1, 21)), ("January the twenty first", dt.date(2027, 1, 21)),
    ("by the fifteenth of March 2027", dt.date(2027, 3, 15)),
])
def test_a_day_of_the_month_in_words(said: str, day: dt.date) -> None:
    assert parse_date(said, TODAY) == day


def test_the_first_week_of_a_month_is_still_a_span() -> None:
    assert parse_date("the first week of December", TODAY) is None


@pytest.mark.parametrize(("said", "calendar", "july"), [
    ("end of FY", dt.date(2026, 12, 31), dt.date(2027, 6, 30)),
    ("the end of the fiscal year", dt.date(2026, 12, 31), dt.date(2027, 6, 30)),
    ("end of FY27", dt.date(2027, 12, 31), dt.date(2027, 6, 30)),
    ("end of Q3 FY27", dt.date(2027, 9, 30), dt.date(2027, 3, 31)),
    ("end of FY27 Q1", dt.date(2027, 3, 31), dt.date(2026, 9, 30)),
    ("fiscal year end", dt.date(2026, 12, 31), dt.date(2027, 6, 30)),
])
def test_fiscal_year_phrases_read_against_the_goals_fiscal_year(said: str, calendar: dt.date, july: dt.date) -> None:
    assert parse_date(said, TODAY) == calendar
    assert parse_date(said, TODAY, fiscal=JULY) == july


def test_a_calendar_quarter_stays_the_calendars() -> None:
    assert parse_date("end of Q3", TODAY, fiscal=JULY) == dt.date(2027, 9, 30)


def test_a_goal_period_that_is_no_year_gives_the_calendar_year() -> None:
    assert FiscalYear.of_period(dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == FiscalYear()
