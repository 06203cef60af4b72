"""Tests the date parser on dates as sellers type them: typos, short days, times of day, holidays, a weekday and its date."""

import datetime as dt

import pytest

from salesplan_tui.core.dates.holidays import HOLIDAY_WORDS, HOLIDAYS, next_holiday, nth_weekday, thanksgiving
from salesplan_tui.core.dates.parser import due_date, find_dates, parse_date
from salesplan_tui.core.dates.weekdays import misspelt_weekday

MONDAY = dt.date(2026, 11, 23)
FRIDAY = dt.date(2026, 11, 27)
SUNDAY = dt.date(2026, 11, 29)
NEW_YEARS_EVE = dt.date(2026, 12, 31)
LEAP_DAY = dt.date(2028, 2, 29)  # a Tuesday


def one(text: str, today: dt.date = MONDAY):
    """The one date phrase in text (the test fails when there are none or several)."""
    matches = find_dates(text, today)
    assert len(matches) == 1, [m.phrase for m in matches]
    return matches[0]


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@pytest.mark.parametrize("word", ["tmrw", "tmr", "tmrow", "tmw", "tomorow", "tommorow", "tommorrow", "tomorrrow",
                                  "2moro", "2morrow", "Tomorrow", "TMRW"])
def test_tomorrow_however_it_is_typed(word: str) -> None:
    assert one(f"send Dana the quote {word}").day == day("2026-11-24")


@pytest.mark.parametrize(
    ("word", "expected"),
    [("wensday", "2026-11-25"), ("wednsday", "2026-11-25"), ("wedensday", "2026-11-25"), ("thrusday", "2026-11-26"),
     ("thursady", "2026-11-26"), ("thurday", "2026-11-26"), ("firday", "2026-11-27"), ("fridy", "2026-11-27"),
     ("fryday", "2026-11-27"), ("tuseday", "2026-11-24"), ("teusday", "2026-11-24"), ("munday", "2026-11-30"),
     ("monady", "2026-11-30"), ("satruday", "2026-11-28"), ("sundy", "2026-11-29"), ("Thrusday", "2026-11-26")],
)
def test_misspelt_weekdays_are_read_by_a_rule(word: str, expected: str) -> None:
    match = one(f"call Bob by {word} to get the PO")
    assert (match.phrase, match.day, match.anchored) == (word, day(expected), True)


@pytest.mark.parametrize("word", ["sundry", "soundly", "strategy", "someday", "study", "steady", "monthly", "twenty",
                                  "Faraday", "sundae", "monkey", "thirsty", "weekday", "midday"])
def test_english_words_near_a_weekday_are_not_days(word: str) -> None:
    assert misspelt_weekday(word.lower()) is None
    assert [m.phrase for m in find_dates(f"the {word} review with Acme", MONDAY)] == []


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [("by mon", "mon", "2026-11-30"), ("due tue", "tue", "2026-11-24"), ("by tues", "tues", "2026-11-24"),
     ("on wed", "wed", "2026-11-25"), ("before weds", "weds", "2026-11-24"), ("thu", "thu", "2026-11-26"),
     ("by thur", "thur", "2026-11-26"), ("thurs", "thurs", "2026-11-26"), ("fri", "fri", "2026-11-27"),
     ("until sat", "sat", "2026-11-28"), ("by sun", "sun", "2026-11-29"), ("next wed", "next wed", "2026-12-02"),
     ("Fri – call Dana at Acme", "Fri", "2026-11-27"), ("- Sat: demo for Globex", "Sat", "2026-11-28"),
     ("notes\n• Mon - send the MSA", "Mon", "2026-11-30"), ("sun 12/6 kickoff", "sun 12/6", "2026-12-06"),
     ("Wed 2 Dec", "Wed 2 Dec", "2026-12-02"), ("sat eod", "sat eod", "2026-11-28"),
     # "wed" and "mon" are seldom words in a seller's notes: days unless a verb's or a name's context says otherwise
     ("call ellen at contoso wed to get the budget", "wed", "2026-11-25"), ("Wed I'll call Bob", "Wed", "2026-11-25"),
     ("mon: call Dana", "mon", "2026-11-30")],
)
def test_short_weekdays_are_days_where_the_context_says_so(text: str, phrase: str, expected: str) -> None:
    match = one(text)
    assert (match.phrase, match.day) == (phrase, day(expected))


@pytest.mark.parametrize("text", ["I sat down with Dana", "the sun came out at the offsite", "Sun Microsystems wants a demo",
                                  "they wed in June", "c'mon, Bob", "Mon Ami Bistro is a new logo", "sat in on the call"])
def test_short_weekdays_that_are_words_stay_words(text: str) -> None:
    assert find_dates(text, MONDAY) == []


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [("COB Friday", "COB Friday", "2026-11-27"), ("EOD Friday", "EOD Friday", "2026-11-27"),
     ("Friday EOD", "Friday EOD", "2026-11-27"), ("by end of day Thursday", "end of day Thursday", "2026-11-26"),
     ("Friday at 3pm", "Friday at 3pm", "2026-11-27"), ("3pm Friday", "3pm Friday", "2026-11-27"),
     ("Friday morning", "Friday morning", "2026-11-27"), ("first thing Monday", "first thing Monday", "2026-11-30"),
     ("by noon tomorrow", "noon tomorrow", "2026-11-24"), ("Monday AM", "Monday AM", "2026-11-30"),
     ("Friday, EOD", "Friday, EOD", "2026-11-27"), ("Friday @ 2:30pm", "Friday @ 2:30pm", "2026-11-27"),
     ("at 10am on Dec 4", "10am on Dec 4", "2026-12-04"), ("12/9 2pm", "12/9 2pm", "2026-12-09"),
     ("tomorrow night", "tomorrow night", "2026-11-24"), ("end of day tomorrow", "end of day tomorrow", "2026-11-24"),
     ("first thing Monday morning", "first thing Monday morning", "2026-11-30"),
     ("the morning of Dec 4", "the morning of Dec 4", "2026-12-04"), ("eod fri", "eod fri", "2026-11-27"),
     ("before noon Friday", "noon Friday", "2026-11-27"), ("Friday at 10", "Friday at 10", "2026-11-27"),
     ("by Thurs. EOD", "Thurs. EOD", "2026-11-26"), ("Friday AM I'll review it", "Friday AM", "2026-11-27")],
)
def test_a_time_of_day_stays_with_its_day(text: str, phrase: str, expected: str) -> None:
    match = one(text)
    assert (match.phrase, match.day) == (phrase, day(expected))
    assert text[match.start:match.end] == phrase  # the span covers the time words, so the caller can mask them


@pytest.mark.parametrize("text", ["EOD", "COB", "eob", "end of day", "end of business", "close of business",
                                  "by the end of the day", "EOD today", "today EOD", "tonight", "this afternoon"])
def test_end_of_day_alone_is_today(text: str) -> None:
    assert one(text).day == MONDAY
    assert parse_date(text, MONDAY) == MONDAY


def test_end_of_day_and_close_of_business_are_deadlines_in_themselves() -> None:
    assert one("COB Friday send Dana the quote").anchored
    assert one("send Dana the quote EOD").anchored
    assert not one("Friday at 3pm I'll call Dana").anchored
    sentence = "I met Dana Thursday and will send the quote EOD Friday"
    assert due_date(sentence, MONDAY).day == FRIDAY


def test_end_of_day_on_a_weekday_said_that_same_day_is_today() -> None:
    assert one("EOD Friday", FRIDAY).day == FRIDAY
    assert one("by COB fri", FRIDAY).day == FRIDAY
    # A bare weekday, or one with another time, is the next one, as before.
    assert one("Friday", FRIDAY).day == day("2026-12-04")
    assert one("first thing Friday", FRIDAY).day == day("2026-12-04")
    assert one("next Friday EOD", FRIDAY).day == day("2026-12-04")


@pytest.mark.parametrize(
    ("text", "expected", "anchored"),
    [("Thanksgiving", "2026-11-26", False), ("before Thanksgiving", "2026-11-25", True),
     ("by Thanksgiving", "2026-11-26", True), ("on Thanksgiving", "2026-11-26", True),
     ("Black Friday", "2026-11-27", False), ("by Cyber Monday", "2026-11-30", True),
     ("Christmas Eve", "2026-12-24", False), ("by Christmas", "2026-12-25", True), ("xmas", "2026-12-25", False),
     ("New Year's Eve", "2026-12-31", False), ("by new years", "2027-01-01", True),
     ("New Year\u2019s Day", "2027-01-01", False), ("MLK Day", "2027-01-18", False),
     ("Martin Luther King Jr. Day", "2027-01-18", False), ("Presidents' Day", "2027-02-15", False),
     ("presidents day", "2027-02-15", False), ("Memorial Day", "2027-05-31", False),
     ("Independence Day", "2027-07-04", False), ("July 4th", "2027-07-04", False),
     ("the 4th of July", "2027-07-04", False), ("Labor Day", "2027-09-06", False),
     ("Halloween", "2027-10-31", False), ("Valentine's Day", "2027-02-14", False),
     ("no later than Labor Day", "2027-09-06", True)],
)
def test_holidays_resolve_to_their_next_day(text: str, expected: str, anchored: bool) -> None:
    match = one(text)
    assert (match.day, match.anchored) == (day(expected), anchored)
    assert parse_date(text, MONDAY) == day(expected)


def test_holidays_are_computed_for_any_year() -> None:
    assert [thanksgiving(y) for y in (2025, 2026, 2027, 2028)] == [
        day("2025-11-27"), day("2026-11-26"), day("2027-11-25"), day("2028-11-23")]
    assert nth_weekday(2026, 5, 0, -1) == day("2026-05-25")  # Memorial Day
    assert nth_weekday(2026, 9, 0, 1) == day("2026-09-07")  # Labor Day
    assert nth_weekday(2026, 1, 0, 3) == day("2026-01-19")  # MLK Day
    assert nth_weekday(2028, 12, 6, -1) == day("2028-12-31")  # the last day of the year can be the last Sunday
    for name in HOLIDAYS:
        assert next_holiday(name, MONDAY) >= MONDAY


@pytest.mark.parametrize("text", ["Thanksgiving Day", "turkey day", "Black Friday", "Cyber Monday", "Christmas Eve",
                                  "Xmas", "New Year's Eve", "new year's day", "MLK Day", "Martin Luther King Day",
                                  "President's Day", "Washington's Birthday", "Memorial Day", "Juneteenth",
                                  "Independence Day", "fourth of July", "Labour Day", "Columbus Day",
                                  "Indigenous Peoples' Day", "Hallowe'en", "Veterans Day", "St. Valentine's Day",
                                  "Valentines"])
def test_every_holiday_spelling_holds_one_of_the_words_that_let_the_rule_run(text: str) -> None:
    assert set(text.lower().replace("'", " ").replace(".", " ").split()) & HOLIDAY_WORDS
    assert len(find_dates(text, MONDAY)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("end of December", "2026-12-31"), ("by the end of January", "2027-01-31"), ("end of November", "2026-11-30"),
     ("end of October", "2027-10-31"), ("end of Feb 2028", "2028-02-29"), ("end of this quarter", "2026-12-31"),
     ("end of next month", "2026-12-31"), ("end of next quarter", "2027-03-31"), ("end of the year", "2026-12-31"),
     ("EOY", "2026-12-31"), ("end of Q1", "2027-03-31"), ("end of Q1 2028", "2028-03-31"), ("Q2 end", "2027-06-30"),
     ("month-end", "2026-11-30"), ("next month end", "2026-12-31"), ("quarter end", "2026-12-31"),
     ("the day after tomorrow", "2026-11-25"), ("Friday next week", "2026-12-04"),
     ("next week Tuesday", "2026-12-01"), ("Tuesday this week", "2026-11-24")],
)
def test_periods_resolve_to_their_last_day(text: str, expected: str) -> None:
    assert parse_date(text, MONDAY) == day(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Thursday 12/3", "2026-12-03"), ("Thu, Dec 3", "2026-12-03"), ("Fri 27 Nov", "2026-11-27"),
     ("Friday the 27th", "2026-11-27"), ("Friday 27th", "2026-11-27"), ("Friday (11/27)", "2026-11-27"),
     ("12/3 thurs", "2026-12-03"), ("Dec 4 (Fri)", "2026-12-04"), ("Thursday, December 3, 2026", "2026-12-03"),
     ("thu dec 3", "2026-12-03"), ("wensday 12/2", "2026-12-02")],
)
def test_a_weekday_and_its_date_are_one_day(text: str, expected: str) -> None:
    match = one(f"I'll call Dana {text} to agree the start date")
    assert (match.phrase, match.day, match.conflict) == (text, day(expected), None)
    assert parse_date(text, MONDAY) == day(expected)


@pytest.mark.parametrize(
    ("text", "expected", "conflict"),
    [("Thursday 12/4", "2026-12-04", "2026-12-03"), ("Mon Dec 1", "2026-12-01", "2026-11-30"),
     ("Friday the 28th", "2026-11-28", "2026-11-27"), ("12/8 Friday", "2026-12-08", "2026-12-11"),
     ("Tuesday (2026-12-02)", "2026-12-02", "2026-12-01")],
)
def test_a_weekday_that_disagrees_with_its_date_is_kept_as_the_conflict(text: str, expected: str, conflict: str) -> None:
    match = one(f"by {text}")
    assert (match.phrase, match.day, match.conflict, match.anchored) == (text, day(expected), day(conflict), True)


@pytest.mark.parametrize("text", ["On Friday 2nd demo with Acme's CTO", "Friday 3rd call with Dana"])
def test_a_count_after_a_weekday_is_not_its_date(text: str) -> None:
    assert (one(text).phrase, one(text).day) == ("Friday", FRIDAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a week from Friday", "2026-12-04"), ("two weeks from Monday", "2026-12-14"), ("3 days before Dec 4", "2026-12-01"),
     ("a week after Thanksgiving", "2026-12-03"), ("2 business days after Thanksgiving", "2026-11-30"),
     ("the day after Thanksgiving", "2026-11-27"), ("the day before Christmas", "2026-12-24"),
     ("a month from 12/15", "2027-01-15"), ("a week from Friday EOD", "2026-12-04")],
)
def test_a_stretch_from_a_day_moves_that_day(text: str, expected: str) -> None:
    match = one(f"I'll have the pilot agreement back {text}")
    assert (match.phrase, match.day) == (text, day(expected))


def test_before_a_weekday_and_its_date_moves_both_back_a_day() -> None:
    match = one("before Thursday 12/4")
    assert (match.day, match.conflict) == (day("2026-12-03"), day("2026-12-02"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fri", "2026-11-27"), ("dec 4", "2026-12-04"), ("eod fri", "2026-11-27"), ("12/3 thurs", "2026-12-03"),
     ("FRIDAY", "2026-11-27"), ("DEC 4TH", "2026-12-04"), ("by eow", "2026-11-27"), ("end of q1", "2027-03-31"),
     ("cob thurs", "2026-11-26"), ("thanksgiving", "2026-11-26")],
)
def test_lower_case_and_missing_punctuation(text: str, expected: str) -> None:
    assert parse_date(text, MONDAY) == day(expected)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [("tmrw", FRIDAY, "2026-11-28"), ("Black Friday", FRIDAY, "2026-11-27"), ("end of next week", FRIDAY, "2026-12-04"),
     ("Thanksgiving", FRIDAY, "2027-11-25"), ("Monday AM", FRIDAY, "2026-11-30"),
     ("Cyber Monday", SUNDAY, "2026-11-30"), ("end of the week", SUNDAY, "2026-12-04"), ("fri", SUNDAY, "2026-12-04"),
     ("by wed", SUNDAY, "2026-12-02"), ("Thursday 12/3", SUNDAY, "2026-12-03"),
     ("New Year's Eve", NEW_YEARS_EVE, "2026-12-31"), ("New Year's Day", NEW_YEARS_EVE, "2027-01-01"),
     ("tmrw", NEW_YEARS_EVE, "2027-01-01"), ("EOY", NEW_YEARS_EVE, "2026-12-31"),
     ("end of the month", NEW_YEARS_EVE, "2026-12-31"), ("end of January", NEW_YEARS_EVE, "2027-01-31"),
     ("Christmas", NEW_YEARS_EVE, "2027-12-25"),
     ("end of next quarter", NEW_YEARS_EVE, "2027-03-31"), ("Thursday 1/7", NEW_YEARS_EVE, "2027-01-07"),
     ("MLK Day", NEW_YEARS_EVE, "2027-01-18"), ("end of February", LEAP_DAY, "2028-02-29"),
     ("end of the month", LEAP_DAY, "2028-02-29"), ("Feb 29", LEAP_DAY, "2028-02-29"),
     ("Presidents' Day", LEAP_DAY, "2029-02-19"), ("Valentine's Day", LEAP_DAY, "2029-02-14"),
     ("tomorrow", LEAP_DAY, "2028-03-01"), ("Wednesday 3/1", LEAP_DAY, "2028-03-01"),
     ("end of Q1", LEAP_DAY, "2028-03-31"), ("Memorial Day", LEAP_DAY, "2028-05-29"), ("in 2 months", LEAP_DAY, "2028-04-29"),
     ("EOD Tuesday", LEAP_DAY, "2028-02-29")],
)
def test_other_todays(text: str, today: dt.date, expected: str) -> None:
    assert parse_date(text, today) == day(expected)


@pytest.mark.parametrize(
    ("text", "anchored"),
    [("due fri", True), ("no later than Thanksgiving", True), ("until Dec 4", True), ("deadline: 12/9", True),
     ("Friday at the latest", True), ("COB Thursday", True), ("EOD", True), ("prior to Friday", True),
     ("Friday at 3pm", False), ("tmrw", False), ("Thursday 12/3", False)],
)
def test_anchors(text: str, anchored: bool) -> None:
    assert one(text).anchored is anchored


def test_prior_to_is_before() -> None:
    assert one("prior to Friday").day == day("2026-11-26")


@pytest.mark.parametrize(("phrase", "expected"), [
    ("a week today", "2026-11-30"),
    ("in 48 hours", "2026-11-25"),
    ("within 24 hours", "2026-11-24"),
    ("in a fortnight", "2026-12-07"),
    ("within the week", "2026-11-27"),
    ("Monday after next", "2026-12-07"),
    ("by the end of the week after next", "2026-12-11"),
    ("by 27/11", "2026-11-27"),
    ("by 2026/12/04", "2026-12-04"),
    ("by Dec-4", "2026-12-04"),
    ("by 4-Dec", "2026-12-04"),
    ("by noon", "2026-11-23"),
])
def test_spoken_and_typed_ways_to_say_a_day(phrase: str, expected: str) -> None:
    found = find_dates(f"I will send it {phrase}", dt.date(2026, 11, 23))
    assert [d.day.isoformat() for d in found] == [expected]
