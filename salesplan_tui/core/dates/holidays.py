"""Provides the US holidays sellers plan around ("before Thanksgiving", "by Christmas"), computed for any year."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from salesplan_tui.core.base.regex_cache import compiled


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (Monday is 0); n = -1 is the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def thanksgiving(year: int) -> dt.date:
    return nth_weekday(year, 11, 3, 4)


def _fixed(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


# Each holiday's spellings (a regex, lower case) and the day it falls on in a given year.
HOLIDAYS: dict[str, tuple[str, Callable[[int], dt.date]]] = {
    "thanksgiving": (r"thanksgiving(?:\s+day)?|turkey\s+day", thanksgiving),
    "black friday": (r"black\s+friday", lambda y: thanksgiving(y) + dt.timedelta(days=1)),
    "cyber monday": (r"cyber\s+monday", lambda y: thanksgiving(y) + dt.timedelta(days=4)),
    "christmas eve": (r"christmas\s+eve|xmas\s+eve", _fixed(12, 24)),
    "christmas": (r"christmas(?:\s+day)?|xmas(?:\s+day)?", _fixed(12, 25)),
    "new year's eve": (r"new\s+year(?:'?s)?\s+eve", _fixed(12, 31)),
    # "the new year" is a season, not a day; only the possessive names the holiday.
    "new year's day": (r"new\s+year'?s(?:\s+day)?|new\s+year\s+day", _fixed(1, 1)),
    "mlk day": (r"mlk(?:\s+jr\.?)?\s+day|martin\s+luther\s+king(?:\s*,?\s+jr\.?)?(?:'s)?\s+(?:birth)?day",
                lambda y: nth_weekday(y, 1, 0, 3)),
    "presidents' day": (r"presidents?'?(?:'s)?\s+day|washington'?s\s+birthday", lambda y: nth_weekday(y, 2, 0, 3)),
    "memorial day": (r"memorial\s+day", lambda y: nth_weekday(y, 5, 0, -1)),
    "juneteenth": (r"juneteenth", _fixed(6, 19)),
    "independence day": (r"independence\s+day|(?:the\s+)?(?:4th|fourth)\s+of\s+july|july\s+(?:4th|fourth)",
                         _fixed(7, 4)),
    "labor day": (r"labou?r\s+day", lambda y: nth_weekday(y, 9, 0, 1)),
    "columbus day": (r"columbus\s+day|indigenous\s+peoples?'?\s+day", lambda y: nth_weekday(y, 10, 0, 2)),
    "halloween": (r"hallowe'?en", _fixed(10, 31)),
    "veterans day": (r"veterans?'?\s+day", _fixed(11, 11)),
    "valentine's day": (r"(?:st\.?\s+|saint\s+)?valentine'?s(?:\s+day)?", _fixed(2, 14)),
}



def _typed(spelling: str) -> str:
    # Phones and word processors type a curly apostrophe.
    return spelling.replace("'", "['\u2019]")


_NAMES = [(compiled(rf"(?:{_typed(spelling)})$", re.I), name) for name, (spelling, _) in HOLIDAYS.items()]
# A word every spelling of some holiday holds (split at anything but a letter or digit): a text with none
# of them names no holiday.
HOLIDAY_WORDS = frozenset({
    "thanksgiving", "turkey", "black", "cyber", "christmas", "xmas", "new", "mlk", "martin", "presidents",
    "president", "washington", "memorial", "juneteenth", "independence", "july", "labor", "labour", "columbus",
    "indigenous", "halloween", "hallowe", "veterans", "veteran", "valentine", "valentines",
})
# The letters a holiday's name can start with ("the 4th of July" with "t"), for a cheap look before the list is tried.
HOLIDAY_FIRST = "(?=[tbcxnmpwjilhfvs])"
HOLIDAY_PATTERN = "|".join(f"(?:{_typed(spelling)})" for spelling, _ in HOLIDAYS.values())


def holiday_name(phrase: str) -> str | None:
    """Which holiday a phrase matched by HOLIDAY_PATTERN names ("Xmas" is "christmas")."""
    phrase = " ".join(phrase.lower().split())
    return next((name for pattern, name in _NAMES if pattern.match(phrase)), None)


def next_holiday(name: str, today: dt.date) -> dt.date:
    """The next time a holiday comes round; today counts."""
    day_in = HOLIDAYS[name][1]
    found = day_in(today.year)
    return found if found >= today else day_in(today.year + 1)
