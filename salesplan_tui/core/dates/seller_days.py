"""Provides the day phrases of spoken and international usage: "Friday week", "the last working day of the month", "27.11"."""

from __future__ import annotations

import datetime as dt
import re

from salesplan_tui.core.dates.grammar import (
    DATE,
    DIGIT,
    HOLIDAY,
    MONTH,
    MONTHS,
    WD,
    Rule,
    _rule,
    _upcoming,
    _weekday,
    end_of_month,
)
from salesplan_tui.core.dates.holidays import HOLIDAY_FIRST, HOLIDAY_WORDS, holiday_name, next_holiday
from salesplan_tui.core.dates.weekdays import weekday_index

_WEEK = dt.timedelta(days=7)
_WORKDAY = r"(?:working|business|work)\s+day"


def _month_of(m: re.Match[str], today: dt.date) -> tuple[int, int]:
    """The month a "... day of the month / of next month / of December" phrase names, as (year, month)."""
    if m["mon"]:
        month = MONTHS[m["mon"].lower()]
        year = today.year if month >= today.month else today.year + 1
        return year, month
    ahead = 1 if (m["which"] or "").lower() == "next" else 0
    total = today.month - 1 + ahead
    return today.year + total // 12, total % 12 + 1


def _last_workday(m: re.Match[str], today: dt.date) -> dt.date | None:
    year, month = _month_of(m, today)
    day = end_of_month(year, month)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day if day >= today else None


def _first_workday(m: re.Match[str], today: dt.date) -> dt.date | None:
    year, month = _month_of(m, today)
    day = dt.date(year, month, 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day if day >= today else None


def _weekday_week(m: re.Match[str], today: dt.date) -> dt.date:
    """ "Friday week" (British): a week after the coming Friday, not this Friday."""
    return _weekday(m, today) + _WEEK


def _weekday_after_holiday(m: re.Match[str], today: dt.date) -> dt.date | None:
    """ "the Wednesday after Thanksgiving": the first such weekday after the holiday."""
    name = holiday_name(m["holiday"])
    if name is None:
        return None
    holiday = next_holiday(name, today)
    ahead = (weekday_index(m["wd"]) - holiday.weekday()) % 7
    return holiday + dt.timedelta(days=ahead or 7)


def _dotted(m: re.Match[str], today: dt.date) -> dt.date | None:
    """ "27.11", "04.12.2026": day first, as written in most of Europe."""
    month = int(m["mo"])
    return _upcoming(month, int(m["d"]), today, m["y"]) if 1 <= month <= 12 else None


_MONTH_OF = rf"of\s+(?:(?:the|this|(?P<which>next))\s+month|(?P<mon>{MONTH})\b)"

# "the first of December", "December the twenty-first": a day of the month said in words.
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
ORDINAL_WORDS = {word: n for n, word in enumerate(
    [*_UNITS, "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth", "twentieth"], 1)}
ORDINAL_WORDS |= {f"twenty{joint}{word}": 20 + n for n, word in enumerate(_UNITS, 1) for joint in ("-", " ", "")}
ORDINAL_WORDS |= {"thirtieth": 30, **{f"thirty{joint}first": 31 for joint in ("-", " ", "")}}
_ORDINAL_WORD = "|".join(sorted((w.replace(" ", r"\s+") for w in ORDINAL_WORDS), key=len, reverse=True))
_ORDINAL_NEEDS = {w for word in ORDINAL_WORDS for w in re.findall(r"[a-z]+", word)}


def _in_words(m: re.Match[str], today: dt.date) -> dt.date | None:
    ordinal = ORDINAL_WORDS[" ".join(m["ow"].lower().split())]
    return _upcoming(MONTHS[m["mon"].lower()], ordinal, today, m.groupdict().get("y"))

RULES: list[Rule] = [
    _rule(rf"\b(?:the\s+)?last\s+{_WORKDAY}\s+{_MONTH_OF}", _last_workday, {"last"}),
    _rule(rf"\b(?:the\s+)?first\s+{_WORKDAY}\s+{_MONTH_OF}", _first_workday, {"first"}),
    _rule(rf"(?<!this\s)(?<!next\s)(?P<wd>{WD})\s+week\b(?!\s*(?:of|end|day|after|'s)\b)", _weekday_week, {"week"}),
    _rule(r"\bthis\s+time\s+next\s+week\b", lambda m, t: t + _WEEK, {"time"}),
    _rule(rf"\b(?:the\s+)?(?P<wd>{WD})\s+(?:after|following)\s+(?P<holiday>{HOLIDAY_FIRST}(?:{HOLIDAY}))(?![\w'])",
          _weekday_after_holiday, HOLIDAY_WORDS),
    # "the 4. of December", "10 December" with a dot as the ordinal mark
    _rule(rf"\b(?:the\s+)?(?P<d>\d{{1,2}})\.\s+(?:of\s+)?(?P<mon>{MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?",
          lambda m, t: _upcoming(MONTHS[m["mon"].lower()], int(m["d"]), t, m["y"]), {DIGIT}, DATE),
    _rule(r"(?<![\d.,$€£])\b(?P<d>[0-3]\d)\.(?P<mo>[01]\d)(?:\.(?P<y>\d{4}))?\b(?![.,]?\d|\s*%)", _dotted, {DIGIT}, DATE),
    _rule(rf"\b(?:the\s+)?(?P<ow>{_ORDINAL_WORD})\s+(?:day\s+)?of\s+(?P<mon>{MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?",
          _in_words, _ORDINAL_NEEDS, DATE),
    _rule(rf"\b(?P<mon>{MONTH})\.?\s+(?:the\s+)?(?P<ow>{_ORDINAL_WORD})\b(?!\s+(?:thing|time|week|half|quarter|"
          rf"round|step|call|meeting)\b)", _in_words, _ORDINAL_NEEDS, DATE),
]
