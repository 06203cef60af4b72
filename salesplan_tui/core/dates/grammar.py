"""Provides the date grammar: the phrases that name one day, each with how it resolves from today."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.dates.holidays import HOLIDAY_FIRST, HOLIDAY_PATTERN, HOLIDAY_WORDS, holiday_name, next_holiday
from salesplan_tui.core.dates.weekdays import MARK, WD_FIRST, WEEKDAY_PATTERN, WEEKDAYS, weekday_index

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTHS["sept"] = 9
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90, "a couple of": 2,
}
# The day a "week" ends on when someone says "end of the week": Friday.
WORKWEEK_END = 4

MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# A look at the first letter before trying a long list of words: a regex tries every word at every
# position otherwise, and these lists are most of the cost of reading a sentence.
MONTH_FIRST = "(?=[" + "".join(sorted({m[0] for m in MONTHS})) + "])"
WD = WEEKDAY_PATTERN
HOLIDAY = HOLIDAY_PATTERN
_NUM = r"\d{1,3}|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_UNIT = r"(?P<unit>business\s+days?|working\s+days?|days?|weeks?|wks?|months?|mos?|mths?|fortnights?|hours?|hrs?)"
TOMORROW = r"(?:to?m+o*r+o*w+|tmr|tmw|2mor+o*w*|2moro)"

# "Friday 2nd demo" counts demos: a bare ordinal before one of these is not a day of the month.
_NOT_A_COUNT = (r"(?!\s+(?:calls?|meetings?|rounds?|demos?|attempts?|tr(?:y|ies)|times?|touch(?:es)?|follow|visits?"
                r"|sessions?|pass|drafts?|versions?|quarter|week|place|party|line|floor|options?|reminders?|emails?"
                r"|steps?|stage|level|degree|year|grade|person)\b)")

# Kinds of phrase, for joining two that name one day ("Thursday 12/3"): an explicit date, a weekday, a bare
# ordinal (a day only beside a weekday: "Friday 27th"), and the rest.
DATE, WEEKDAY, ORDINAL, OTHER = "date", "weekday", "ordinal", "other"


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _upcoming(month: int, day: int, today: dt.date, year: str | None) -> dt.date | None:
    """A month and day with no year means the next time that day comes round (today counts)."""
    if year:
        y = int(year)
        return safe_date(y + 2000 if y < 100 else y, month, day)
    found = safe_date(today.year, month, day)
    if found is None or found < today:
        found = safe_date(today.year + 1, month, day)
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


def _add_business_days(day: dt.date, n: int, sign: int = 1) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=sign)
        if day.weekday() < 5:
            n -= 1
    return day


def _offset(m: re.Match[str], today: dt.date, sign: int = 1) -> dt.date:
    n = _number(m["n"])
    unit = m["unit"].lower()
    if unit.startswith(("business", "working")):
        return _add_business_days(today, n, sign)
    if unit.startswith("day"):
        return today + dt.timedelta(days=sign * n)
    if unit.startswith(("hour", "hr")):  # "in 48 hours": the day the hours run out, counted in whole days
        return today + dt.timedelta(days=sign * -(-n // 24))
    if unit.startswith("fortnight"):
        return today + dt.timedelta(weeks=sign * 2 * n)
    if unit.startswith(("week", "wk")):
        return today + dt.timedelta(weeks=sign * n)
    return _add_months(today, sign * n)


# "a week from Friday", "2 business days after Thanksgiving", "the day before Christmas": a stretch said before a
# day phrase moves it; searched back from the day phrase.
OFFSET_BEFORE = compiled(
    rf"\b(?=[\daotfsen])(?:(?P<n>{_NUM})\s+{_UNIT}|(?:the\s+)?(?P<one>day))\s+(?P<dir>from|after|before)\s+$", re.I)


def moved(m: re.Match[str], day: dt.date) -> dt.date:
    """The day an OFFSET_BEFORE match moves a day to."""
    sign = -1 if m["dir"].lower() == "before" else 1
    return day + dt.timedelta(days=sign) if m["one"] else _offset(m, day, sign)


def _group(m: re.Match[str], name: str) -> str:
    return (m.groupdict().get(name) or "").lower()


def _weekday(m: re.Match[str], today: dt.date) -> dt.date:
    target = weekday_index(m["wd"])
    which = _group(m, "which")
    ahead = (target - today.weekday()) % 7
    if which == "next":
        # "next Tuesday" said on a Monday means the Tuesday of next week, not tomorrow.
        return today + dt.timedelta(days=(7 - today.weekday()) + target)
    if which == "this":
        return today + dt.timedelta(days=ahead)
    return today + dt.timedelta(days=ahead or 7)


def _weekday_of_week(m: re.Match[str], today: dt.date) -> dt.date:
    """ "Friday next week", "next week Tuesday": that day of the week named (weeks start on Monday)."""
    target = weekday_index(m["wd"] or m["wd2"])
    monday = today - dt.timedelta(days=today.weekday())
    weeks = 1 if (_group(m, "wk") or _group(m, "wk2")) == "next" else 0
    return monday + dt.timedelta(days=7 * weeks + target)


def _period_end(m: re.Match[str], today: dt.date) -> dt.date:
    ahead = 1 if _group(m, "which") == "next" else 0
    unit = m["period"].lower()
    if unit == "week":
        return end_of_week(today, ahead)
    if unit == "month":
        return end_of_month(today.year, today.month + ahead)
    if unit == "quarter":
        return end_of_quarter(today, ahead=ahead)
    return dt.date(today.year + ahead, 12, 31)


def _quarter_end(m: re.Match[str], today: dt.date) -> dt.date:
    quarter = int(m["q"] or m["q2"])
    return end_of_month(int(m["y"]), quarter * 3) if m["y"] else end_of_quarter(today, quarter)


def _named_end(m: re.Match[str], today: dt.date) -> dt.date:
    word = m["named"].lower()
    if word == "eow":
        return end_of_week(today)
    if word == "eom":
        return end_of_month(today.year, today.month)
    if word == "eoq":
        return end_of_quarter(today)
    return dt.date(today.year, 12, 31)


def _month_end(m: re.Match[str], today: dt.date) -> dt.date:
    month = MONTHS[m["mon"].lower()]
    if m["y"]:
        return end_of_month(int(m["y"]), month)
    found = end_of_month(today.year, month)
    return found if found >= today else end_of_month(today.year + 1, month)


def _day_of_month(m: re.Match[str], today: dt.date) -> dt.date | None:
    day = int(m["d"])
    found = safe_date(today.year, today.month, day)
    if found is None or found < today:
        nxt = end_of_month(today.year, today.month + 1)
        found = safe_date(nxt.year, nxt.month, day)
    return found


def _holiday(m: re.Match[str], today: dt.date) -> dt.date | None:
    name = holiday_name(m.group())
    return next_holiday(name, today) if name else None


Resolver = Callable[[re.Match[str], dt.date], "dt.date | None"]


Rule = tuple[re.Pattern[str], Resolver, str, "frozenset[str] | None"]


def _rule(pattern: str, resolve: Resolver, needs: set[str] | frozenset[str] | None, kind: str = OTHER) -> Rule:
    """A phrase, how it resolves, what kind it is, and the words one of which it cannot do without.

    A rule runs only on a text that holds one of its words (see words_in), so an answer pays only for the
    rules it could match: most answers hold two or three date phrases, not twenty.
    """
    return compiled(pattern, re.I), resolve, kind, frozenset(needs) if needs is not None else None


_TOKEN = compiled(r"[a-z0-9]+")
MONTH_WORDS = frozenset(MONTHS)
_WEEKDAY_WORDS = frozenset(WEEKDAYS) | {"#mark"}
_UNITS = {"day", "days", "week", "weeks", "wk", "wks", "month", "months", "mo", "mos", "mth", "mths", "fortnight",
          "fortnights", "hours", "hour", "hrs", "hr"}
DIGIT, SLASH = "#digit", "#slash"


def words_in(norm: str) -> set[str]:
    """The lower-case words of a text, plus marks for a digit, a slash and a weekday spelt another way."""
    words = set(_TOKEN.findall(norm.lower()))
    if _DIGIT.search(norm):
        words.add(DIGIT)
    if "/" in norm:
        words.add(SLASH)
    if MARK in norm:
        words.add("#mark")
    return words


_DIGIT = compiled(r"\d")


# Where phrases overlap, the one that starts first wins, then the longer one.
RULES: list[Rule] = [
    _rule(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b",
          lambda m, t: safe_date(int(m["y"]), int(m["mo"]), int(m["d"])), {DIGIT}, DATE),
    _rule(r"(?<![\d/$])(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])",
          lambda m, t: _upcoming(int(m["mo"]), int(m["d"]), t, m["y"]) if 1 <= int(m["mo"]) <= 12 else None, {SLASH}, DATE),
    _rule(rf"\b{MONTH_FIRST}(?P<mon>{MONTH})\.?\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>\d{{4}})\b)?",
          lambda m, t: _upcoming(MONTHS[m["mon"].lower()], int(m["d"]), t, m["y"]), MONTH_WORDS, DATE),
    _rule(rf"\b(?=[t\d])(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?",
          lambda m, t: _upcoming(MONTHS[m["mon"].lower()], int(m["d"]), t, m["y"]), MONTH_WORDS, DATE),
    _rule(r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b", _day_of_month, {DIGIT}, DATE),
    _rule(rf"(?<![\d/$.,])\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b{_NOT_A_COUNT}", _day_of_month, {DIGIT}, ORDINAL),
    _rule(r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+)?Q(?P<q>[1-4])|Q(?P<q2>[1-4])[\s-]end)(?:\s*,?\s*(?P<y>\d{4}))?\b",
          _quarter_end, {"end"}),
    _rule(r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(?P<which>next)\s+)?(?P<period>week|month|quarter|year)\b",
          _period_end, {"end"}),
    _rule(rf"\b(?:the\s+)?end\s+of\s+(?:the\s+month\s+of\s+)?(?P<mon>{MONTH})\b(?:\.?,?\s+(?P<y>\d{{4}})\b)?(?!\.?\s*\d)",
          _month_end, {"end"}),
    _rule(r"\b(?P<named>eow|eom|eoq|eoy)\b", _named_end, {"eow", "eom", "eoq", "eoy"}),
    _rule(r"\b(?:(?P<which>this|next)\s+)?(?P<period>month|quarter|year)[\s-]?end\b", _period_end,
          {"end", "monthend", "quarterend", "yearend"}),
    _rule(r"\b(?:today|tonight|later\s+today|this\s+(?:afternoon|evening))\b", lambda m, t: t,
          {"today", "tonight", "afternoon", "evening"}),
    _rule(r"(?<=\bby )(?:noon|midday|lunch(?:time)?)\b(?!\s*,?\s*(?:to|on|this|next|the|[a-z]*day|[a-z]*row|tmr|tmw|2mor|\d))", lambda m, t: t, {"noon", "midday", "lunch", "lunchtime"}),
    # 27/11 (day first: no month is 27), 2026/12/04, Dec-4, 4-Dec: how dates are typed in other places and tools
    _rule(r"(?<![\d/$])(?P<d>1[3-9]|2\d|3[01])/(?P<mo>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])",
          lambda m, t: _upcoming(int(m["mo"]), int(m["d"]), t, m["y"]) if 1 <= int(m["mo"]) <= 12 else None,
          {SLASH}, DATE),
    _rule(r"\b(?P<y>\d{4})/(?P<mo>\d{1,2})/(?P<d>\d{1,2})\b",
          lambda m, t: safe_date(int(m["y"]), int(m["mo"]), int(m["d"])), {SLASH}, DATE),
    _rule(rf"\b{MONTH_FIRST}(?P<mon>{MONTH})-(?P<d>\d{{1,2}})\b|\b(?P<d2>\d{{1,2}})-(?P<mon2>{MONTH})\b",
          lambda m, t: _upcoming(MONTHS[(m["mon"] or m["mon2"]).lower()], int(m["d"] or m["d2"]), t, None),
          MONTH_WORDS, DATE),
    _rule(rf"\b(?:the\s+)?day\s+after\s+{TOMORROW}\b", lambda m, t: t + dt.timedelta(days=2), {"after"}),
    _rule(rf"\b{TOMORROW}\b", lambda m, t: t + dt.timedelta(days=1), None),
    _rule(rf"\b(?:in|within)\s+(?:the\s+next\s+)?(?P<n>{_NUM})\s+{_UNIT}\b", _offset, _UNITS),
    _rule(rf"\b(?=[\daotfsen])(?P<n>{_NUM})\s+{_UNIT}\s+(?:from\s+(?:today|now)|out)\b", _offset, {"from", "out"}),
    # "a week today", "in a fortnight", "within the week": said in meetings, each one day from today
    _rule(rf"\b(?=[\daotfsen])(?P<n>{_NUM})\s+(?P<unit>weeks?)\s+today\b", _offset, {"today"}),
    _rule(r"\b(?:in|within)\s+(?P<n>a)\s+(?P<unit>fortnight)\b", _offset, {"fortnight"}),
    _rule(r"\bwithin\s+the\s+(?P<period>week)\b", _period_end, {"within"}),
    _rule(rf"(?P<wd>{WD})\.?\s+(?:of\s+)?(?P<wk>this|next)\s+week\b|\b(?P<wk2>this|next)\s+week'?s?,?\s+(?P<wd2>{WD})",
          _weekday_of_week, {"week"}),
    # "Monday after next", "the end of the week after next": a week beyond next
    _rule(rf"(?P<wd>{WD})\s+after\s+next\b", lambda m, t: _weekday(m, t) + dt.timedelta(days=7), {"after"}),
    _rule(r"\b(?:the\s+)?end\s+of\s+the\s+week\s+after\s+next\b", lambda m, t: end_of_week(t, 2), {"after"}),
    _rule(rf"(?=[nc{WD_FIRST}])(?:\b(?P<which>next|this|coming)\s+)?(?P<wd>{WD})", _weekday, _WEEKDAY_WORDS, WEEKDAY),
    _rule(rf"\b{HOLIDAY_FIRST}(?:{HOLIDAY})(?![\w'])", _holiday, HOLIDAY_WORDS),
]

_TIME_OF_DAY = (
    r"(?P<eod>eod|cob|eob|(?:the\s+)?(?:close|end)\s+of\s+(?:business|play)"
    r"|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+|working\s+|work\s+)?day)"
    r"|first\s+thing(?:\s+in\s+the\s+morning)?|(?:in\s+the\s+|the\s+)?(?:morning|afternoon|evening)"
    r"|noon|midday|lunch(?:time)?|night"
    r"|\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|(?<=at\s)\d{1,2}(?::\d\d)?(?![\d/.:%])"
    r"|am\b(?!\s+(?:going|not)\b)|pm"
)
# A time of day after a day ("Friday at 3pm", "Friday, EOD"), its "at" or "by" included; and one before a day
# ("COB Friday", "3pm on Friday"), searched back from the day, without its "by", so "by noon tomorrow" is still
# read as anchored by "by". Both are read only next to a day phrase, never across the whole text.
TIME_AFTER = compiled(rf"\.?\s*,?\s*(?:(?:at|by|before|around|until|till|@)\s*)?\b(?P<t>{_TIME_OF_DAY})(?![\w'])", re.I)
TIME_BEFORE = compiled(rf"(?<![\w'])(?P<t>{_TIME_OF_DAY})[\s,]*(?:on\s+|of\s+)?$", re.I)
# End of day or close of business alone is today.
EOD = compiled(r"\b(?:eod|cob|eob|(?:the\s+)?(?:close|end)\s+of\s+(?:business|play)"
              r"|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+|working\s+|work\s+)?day)\b", re.I)
