"""Tests the one date parser: every phrase the coach and the forms accept, across month and year ends."""

import datetime as dt

import pytest

from salesplan_tui.core.dates.parser import describe, due_date, find_dates, parse_date, vague_spans

MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Friday", "2026-11-27"), ("by Friday", "2026-11-27"), ("Monday", "2026-11-30"),
        ("this Thursday", "2026-11-26"), ("next Tuesday", "2026-12-01"), ("tomorrow", "2026-11-24"),
        ("today", "2026-11-23"), ("Dec 4", "2026-12-04"), ("december 4th", "2026-12-04"),
        ("12/9", "2026-12-09"), ("12/9/2027", "2027-12-09"), ("2026-12-01", "2026-12-01"),
        ("the 30th", "2026-11-30"), ("the 22nd", "2026-12-22"), ("8th of December", "2026-12-08"),
        ("4 Dec 2027", "2027-12-04"), ("in 10 days", "2026-12-03"), ("within 30 days", "2026-12-23"),
        ("in two weeks", "2026-12-07"), ("two weeks from today", "2026-12-07"), ("in a week", "2026-11-30"),
        ("in 3 business days", "2026-11-26"), ("in 2 months", "2027-01-23"),
        ("end of next week", "2026-12-04"), ("end of the week", "2026-11-27"), ("end of the month", "2026-11-30"),
        ("end of next month", "2026-12-31"), ("end of Q1", "2027-03-31"), ("end of the quarter", "2026-12-31"),
        ("eod", "2026-11-23"), ("eow", "2026-11-27"), ("eom", "2026-11-30"), ("eoq", "2026-12-31"),
        ("eoy", "2026-12-31"), ("year end", "2026-12-31"), ("end of this week", "2026-11-27"),
        ("Friday next week", "2026-12-04"), ("end of day tomorrow", "2026-11-24"), ("before December 3", "2026-12-02"),
        ("January 15", "2027-01-15"), ("Nov 1", "2027-11-01"),
    ],
)
def test_phrase_resolves_to_one_day(phrase: str, expected: str) -> None:
    assert parse_date(phrase, MONDAY) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    "phrase", ["soon", "ASAP", "later", "at some point", "eventually", "", "   ", "Feb 30", "13/45", "banana", "x" * 500]
)
def test_vague_or_impossible_phrases_are_not_dates(phrase: str) -> None:
    assert parse_date(phrase, MONDAY) is None


def test_year_end_rollover() -> None:
    dec30 = dt.date(2026, 12, 30)
    assert parse_date("Jan 4", dec30) == dt.date(2027, 1, 4)
    assert parse_date("end of the month", dec30) == dt.date(2026, 12, 31)
    assert parse_date("end of next month", dec30) == dt.date(2027, 1, 31)
    assert parse_date("end of Q4", dec30) == dt.date(2026, 12, 31)
    assert parse_date("end of next week", dec30) == dt.date(2027, 1, 8)
    # "next week" alone is any of five days: a span, never a day (see test_dates_spans.py)
    assert parse_date("next week", dec30) is None


def test_deadline_is_the_anchored_date_not_a_date_mentioned() -> None:
    text = "Email Priya by Wednesday to schedule the demo for the week of Dec 7."
    assert due_date(text, MONDAY).day == dt.date(2026, 11, 25)
    # "the week of Dec 7" names a week, not Monday 7 Dec: a span, never a day (see test_dates_spans.py).
    assert [m.phrase for m in find_dates(text, MONDAY)] == ["Wednesday"]
    assert [phrase for _, _, phrase in vague_spans(text)] == ["the week of Dec 7"]


def test_money_and_counts_are_not_dates() -> None:
    assert find_dates("Close $12/month plan for 10 seats at Acme", MONDAY) == []


def test_describe_reads_like_a_person() -> None:
    assert describe(MONDAY, MONDAY) == "today"
    assert describe(dt.date(2026, 11, 24), MONDAY) == "tomorrow"
    assert describe(dt.date(2026, 11, 20), MONDAY) == "Fri 20 Nov (3 days late)"
