"""Provides the one date parser of the app: finds and resolves date phrases ("Friday", "end of Q1", "12/9") to days."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTHS["sept"] = 9
WEEKDAYS = {
    name: i
    for i in range(7)
    for name in (calendar.day_name[i].lower(), calendar.day_abbr[i].lower())
}
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90, "a couple of": 2, "a few": 3,
}
# The day a "week" ends on when someone says "end of the week": Friday.
WORKWEEK_END = 4

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM = r"\d{1,3}|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_UNIT = r"(?P<unit>business\s+days?|working\s+days?|days?|weeks?|months?)"


@dataclass(frozen=True)
class DateMatch:
    """A date phrase found in a text: where it stands, what it says and the day it resolves to."""

    start: int
    end: int
    phrase: str
    day: dt.date
    anchored: bool  # preceded by by/on/before/within..., so it is the deadline rather than a date mentioned


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _upcoming(month: int, day: int, today: dt.date, year: str | None) -> dt.date | None:
    """A month and day with no year means the next time that day comes round (today counts)."""
    if year:
        y = int(year)
        return _safe_date(y + 2000 if y < 100 else y, month, day)
    found = _safe_date(today.year, month, day)
    if found is None or found < today:
        found = _safe_date(today.year + 1, month, day)
    return found


def end_of_week(today: dt.date, weeks_ahead: int = 0) -> dt.date:
    return today + dt.timedelta(days=(WORKWEEK_END - today.weekday()) % 7 + 7 * weeks_ahead)


def end_of_month(year: int, month: int) -> dt.date:
    while month > 12:
        year, month = year + 1, month - 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def end_of_quarter(today: dt.date, quarter: int | None = None, ahead: int = 0) -> dt.date:
    if quarter is None:
        quarter = (today.month - 1) // 3 + 1 + ahead
    year = today.year
    while quarter > 4:
        year, quarter = year + 1, quarter - 4
    found = end_of_month(year, quarter * 3)
    return found if found >= today else end_of_month(year + 1, quarter * 3)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_business_days(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _offset(m: re.Match[str], today: dt.date) -> dt.date:
    n = _number(m["n"])
    unit = m["unit"].lower()
    if unit.startswith(("business", "working")):
        return _add_business_days(today, n)
    if unit.startswith("day"):
        return today + dt.timedelta(days=n)
    if unit.startswith("week"):
        return today + dt.timedelta(weeks=n)
    return _add_months(today, n)


def _weekday(m: re.Match[str], today: dt.date) -> dt.date:
    target = WEEKDAYS[m["wd"].lower()]
    which = (m["which"] or "").lower()
    ahead = (target - today.weekday()) % 7
    if which == "next":
        # "next Tuesday" said on a Monday means the Tuesday of next week, not tomorrow.
        return today + dt.timedelta(days=(7 - today.weekday()) + target)
    if which == "this":
        return today + dt.timedelta(days=ahead)
    return today + dt.timedelta(days=ahead or 7)


def _group(m: re.Match[str], name: str) -> str:
    return (m.groupdict().get(name) or "").lower()


def _period_end(m: re.Match[str], today: dt.date) -> dt.date:
    which = _group(m, "which")
    unit = m["period"].lower()
    ahead = 1 if which == "next" else 0
    if unit == "week":
        return end_of_week(today, ahead)
    if unit == "month":
        return end_of_month(today.year, today.month + ahead)
    if unit == "quarter":
        return end_of_quarter(today, ahead=ahead)
    return dt.date(today.year + ahead, 12, 31)


def _named_end(m: re.Match[str], today: dt.date) -> dt.date:
    word = m["named"].lower().replace(" ", "")
    return {
        "eod": today,
        "eow": end_of_week(today),
        "eom": end_of_month(today.year, today.month),
        "eoq": end_of_quarter(today),
        "eoy": dt.date(today.year, 12, 31),
        "yearend": dt.date(today.year, 12, 31),
        "year-end": dt.date(today.year, 12, 31),
    }[word]


def _day_of_month(m: re.Match[str], today: dt.date) -> dt.date | None:
    day = int(m["d"])
    found = _safe_date(today.year, today.month, day)
    if found is None or found < today:
        nxt = end_of_month(today.year, today.month + 1)
        found = _safe_date(nxt.year, nxt.month, day)
    return found


Resolver = Callable[[re.Match[str], dt.date], "dt.date | None"]

# Longer, more specific phrases come first; overlapping later matches are dropped.
_RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?day\s+tomorrow\b|\btomorrow\s+eod\b", re.I),
     lambda m, t: t + dt.timedelta(days=1)),
    (re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
     lambda m, t: _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))),
    (re.compile(r"(?<![\d/$])(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])"),
     lambda m, t: _upcoming(int(m["mo"]), int(m["d"]), t, m["y"]) if 1 <= int(m["mo"]) <= 12 else None),
    (re.compile(rf"\b(?P<mon>{_MONTH})\.?\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>\d{{4}})\b)?", re.I),
     lambda m, t: _upcoming(MONTHS[m["mon"].lower()], int(m["d"]), t, m["y"])),
    (re.compile(rf"\b(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?",
                re.I),
     lambda m, t: _upcoming(MONTHS[m["mon"].lower()], int(m["d"]), t, m["y"])),
    (re.compile(r"\bend\s+of\s+Q(?P<q>[1-4])\b|\b(?:by\s+)?(?:the\s+)?end\s+of\s+the\s+Q(?P<q2>[1-4])\b", re.I),
     lambda m, t: end_of_quarter(t, int(m["q"] or m["q2"]))),
    (re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(?P<which>next)\s+)?(?P<period>week|month|quarter|year)\b",
                re.I),
     _period_end),
    (re.compile(r"\b(?P<named>eod|eow|eom|eoq|eoy|year[\s-]?end)\b", re.I), _named_end),
    (re.compile(r"\b(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+)?day\b|\b(?:today|tonight)\b", re.I),
     lambda m, t: t),
    (re.compile(r"\btomorrow\b", re.I), lambda m, t: t + dt.timedelta(days=1)),
    (re.compile(rf"\b(?:in|within)\s+(?:the\s+next\s+)?(?P<n>{_NUM})\s+{_UNIT}\b", re.I), _offset),
    (re.compile(rf"\b(?P<n>{_NUM})\s+{_UNIT}\s+(?:from\s+(?:today|now)|out)\b", re.I), _offset),
    (re.compile(rf"\b(?:(?P<which>next|this|coming)\s+)?(?P<wd>{_WEEKDAY})\b", re.I), _weekday),
    (re.compile(r"\b(?:later\s+)?this\s+(?P<period>week|month|quarter|year)\b", re.I), _period_end),
    (re.compile(r"\b(?P<which>next)\s+(?P<period>week|month|quarter|year)\b", re.I), _period_end),
    (re.compile(r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b", re.I), _day_of_month),
]

_ANCHOR = re.compile(r"\b(?:by|before|on|within|in|until|till|no\s+later\s+than|due)\s*,?\s*$", re.I)
_BEFORE = re.compile(r"\bbefore\s*$", re.I)


def find_dates(text: str, today: dt.date) -> list[DateMatch]:
    """Returns every date phrase in text, left to right, none overlapping."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern, resolve in _RULES:
        for m in pattern.finditer(text):
            day = resolve(m, today)
            if day is not None:
                found.append((m.start(), m.end(), day))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    chosen: list[DateMatch] = []
    taken_until = -1
    for start, end, day in found:
        if start < taken_until or any(c.start < end and start < c.end for c in chosen):
            continue
        lead = text[max(0, start - 24):start]
        if _BEFORE.search(lead):
            day -= dt.timedelta(days=1)
        anchored = bool(_ANCHOR.search(lead)) or text[start:end].lower().startswith(("in ", "within "))
        chosen.append(DateMatch(start, end, text[start:end], day, anchored))
        taken_until = end
    return chosen


def due_date(text: str, today: dt.date) -> DateMatch | None:
    """The deadline a sentence states: the first anchored date phrase ("by Friday"), else the first one."""
    matches = find_dates(text, today)
    if not matches:
        return None
    return next((m for m in matches if m.anchored), matches[0])


_LEAD_IN = re.compile(r"^\s*(?:by|on|before|due|until)\s+", re.I)


def parse_date(text: str, today: dt.date) -> dt.date | None:
    """Reads a whole field as one day ("Friday", "end of Q1", "2026-12-01", "4 Dec 2027"); None when it is not one."""
    text = text.strip().rstrip(".")
    if not text or len(text) > 100:
        return None
    body = _LEAD_IN.sub("", text)
    matches = find_dates(body, today)
    if len(matches) == 1 and matches[0].phrase.strip().lower() == body.strip().lower().rstrip("."):
        day = matches[0].day
        return day - dt.timedelta(days=1) if _BEFORE.search(text[: len(text) - len(body)]) else day
    if matches:
        return None
    return _fallback(body, today)


def _fallback(text: str, today: dt.date) -> dt.date | None:
    # dateutil reads the many absolute spellings the grammar does not; imported only when needed.
    if not re.search(r"\d", text):
        return None
    from dateutil import parser as dateutil_parser

    try:
        return dateutil_parser.parse(text, default=dt.datetime(today.year, today.month, today.day)).date()
    except (ValueError, OverflowError, TypeError):
        return None


def describe(day: dt.date, today: dt.date, *, late: bool = True) -> str:
    """Says a day the way a person would: 'today', 'tomorrow', 'Fri 27 Nov', 'Fri 27 Nov (3 days late)'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    label = day.strftime("%a %d %b") + (f" {day.year}" if day.year != today.year else "")
    if delta < 0 and late:
        return f"{label} ({-delta} day{'s' if delta != -1 else ''} late)"
    return label
