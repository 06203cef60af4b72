"""Tests that phrases naming a span of time ("sometime in December", "the week of Dec 7") are never read as one day."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesplan_tui.core.coach import judge
from salesplan_tui.core.dates.parser import due_date, find_dates, parse_date, vague_spans

MONDAY = dt.date(2026, 11, 23)

SPANS = [
    "sometime in December", "in December", "in Dec", "during January 2027", "later in Q1", "in Q1", "in Q1 2027",
    "early next year", "late next month", "early December", "sometime next week", "early next week",
    "next week", "this week", "later this week", "by next week", "in the coming week",
    "over the next few weeks", "in the coming weeks", "in a few days", "a few weeks from now", "the weeks ahead",
    "the next couple of weeks", "this month", "this quarter", "this year", "next quarter", "next month", "next year",
    "later this month", "within the month", "by next month", "by December", "by Q1", "the week of Dec 7",
    "the week of 12/7", "w/c 7 Dec", "the week of the 7th", "the week after Thanksgiving", "Thanksgiving week",
    "the week after next", "the first week of December", "the second half of next month", "the beginning of Q1",
    "mid-Q1", "after the holidays", "over the holidays", "before the holidays", "in the new year",
    "after the new year", "after Christmas", "around Thanksgiving", "around the 15th", "Friday-ish",
    "Dec 4 or so", "roughly mid-December", "in a week or two", "in 2-3 weeks", "within two to three days",
    "over Christmas break", "Thanksgiving weekend",
    # issue 21: a fortnight round the 15th, any day after one, two days offered, the run-up to an end
    "mid-December", "mid-February", "the middle of March", "sometime after the 20th", "after Dec 4",
    "between the 7th and the 11th", "towards the end of January",
]


@pytest.mark.parametrize("phrase", SPANS)
def test_a_span_is_not_a_day(phrase: str) -> None:
    text = f"I'll get Dana at Acme to sign the order form {phrase}."
    assert find_dates(text, MONDAY) == []
    assert [p for _, _, p in vague_spans(text)] == [phrase]
    assert parse_date(phrase, MONDAY) is None


@pytest.mark.parametrize("phrase", SPANS)
def test_a_span_makes_the_coach_ask_by_when(phrase: str) -> None:
    verdict = judge(f"I'll get Dana at Acme to sign the order form {phrase}.", today=MONDAY)
    assert "due" in verdict.missing


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("by the end of this quarter", "2026-12-31"), ("end of next month", "2026-12-31"), ("by December 15", "2026-12-15"),
     ("in 10 days", "2026-12-03"), ("by the end of the month", "2026-11-30"), ("end of next quarter", "2027-03-31"),
     ("by the end of the year", "2026-12-31"), ("by year end", "2026-12-31"), ("next month end", "2026-12-31"),
     ("in December 4th", "2026-12-04"), ("by the end of this week", "2026-11-27"), ("end of next week", "2026-12-04"),
     ("in a couple of days", "2026-11-25"), ("within the next 2 weeks", "2026-12-07"),
     ("by the end of December", "2026-12-31"), ("sometime before Friday", "2026-11-26")],
)
def test_a_day_phrase_that_holds_a_span_is_still_a_day(phrase: str, expected: str) -> None:
    text = f"I'll get Dana at Acme to sign the order form {phrase}."
    assert [m.day for m in find_dates(text, MONDAY)] == [dt.date.fromisoformat(expected)]
    assert vague_spans(text) == []


def test_a_span_does_not_hide_the_deadline_beside_it() -> None:
    text = "By Friday I'll book the kickoff with Acme's CIO for sometime in January."
    assert due_date(text, MONDAY).day == dt.date(2026, 11, 27)
    assert [p for _, _, p in vague_spans(text)] == ["sometime in January"]
    text = "Jill will meet Omar within 2 weeks so resources are available in January."
    assert [m.phrase for m in find_dates(text, MONDAY)] == ["within 2 weeks"]
    assert [p for _, _, p in vague_spans(text)] == ["in January"]  # the sentence's full stop is not the span's


def test_a_mention_of_a_quarter_is_neither_a_day_nor_a_span() -> None:
    text = "By Friday I will call Dana Ruiz to confirm the budget line for the Q1 rollout."
    assert [m.phrase for m in find_dates(text, MONDAY)] == ["Friday"]
    assert vague_spans(text) == []


def test_spans_come_left_to_right_with_where_they_stand() -> None:
    text = "Maybe in Q1, or after the holidays, or the week of Jan 11"
    spans = vague_spans(text)
    assert [p for _, _, p in spans] == ["in Q1", "after the holidays", "the week of Jan 11"]
    assert all(text[s:e] == p for s, e, p in spans)


_PIECES = [
    "by", "on", "before", "EOD", "COB", "Friday", "fri", "sat", "wed", "Thursday", "12/3", "12/4", "Dec", "4",
    "the 27th", "27th", "(", ")", ",", "at", "3pm", "noon", "first thing", "tmrw", "wensday", "Thanksgiving",
    "Christmas", "new year's", "end of", "the", "week", "of", "month", "quarter", "Q1", "next", "this", "sometime",
    "in", "early", "late", "mid-", "around", "-ish", "few", "days", "2026-12-01", "\ue000", "\ue0013", "9999",
    "12/31/9999", "0001-01-01", "\n- ", "–", ":", "\x00", "🙂", "$12/month", "24/7",
]
_DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


def _check(text: str, today: dt.date) -> None:
    matches = find_dates(text, today)
    spans = vague_spans(text)
    end = -1
    for m in matches:
        assert end <= m.start < m.end <= len(text) and text[m.start:m.end] == m.phrase
        assert isinstance(m.day, dt.date) and (m.conflict is None or m.conflict.weekday() != m.day.weekday())
        end = m.end
    end = -1
    for s, e, phrase in spans:
        assert end < s < e <= len(text) and text[s:e] == phrase
        end = e
    # A phrase is a day or a span, never both.
    assert not any(m.start < e and s < m.end for m in matches for s, e, _ in spans)
    parse_date(text, today)
    due_date(text, today)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), _DAYS)
def test_never_raises_on_any_text(text: str, today: dt.date) -> None:
    _check(text, today)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from([" ", "", "  "]), _DAYS)
def test_never_raises_on_date_words_in_any_order(pieces: list[str], sep: str, today: dt.date) -> None:
    _check(sep.join(pieces), today)


def test_the_ends_of_the_calendar_do_not_raise() -> None:
    last = dt.date(9999, 12, 31)
    for text in ["tomorrow", "next week", "end of next month", "Christmas", "in 3 months", "Friday", "end of Q1"]:
        _check(text, last)
    # A weekday beside the calendar's last day, a day before its first (found by hypothesis)
    for text in ["sat 12/31/9999", "a week from 12/31/9999", "before 0001-01-01", "Friday 0001-01-01",
                 "before Thursday 0001-01-01", "3 days before 0001-01-02"]:
        _check(text, dt.date(2000, 1, 1))
