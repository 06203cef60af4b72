"""Provides span_end(): the last day of a span ("sometime in January" → the end of January), said so it reads back."""

from __future__ import annotations

import datetime as dt
import re

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.dates.grammar import MONTH, MONTHS, end_of_week
from salesplan_tui.core.dates.parser import find_dates, parse_date

# A due date is one day (../shared/coach/README.md): a span is refused, and its end is the one day it surely
# allows, so the coach offers it as a pick. Each shape is read into words the date reader reads back as that day.
_MONTH = compiled(rf"\b(?P<mon>{MONTH})\b\.?(?:\s*,?\s*(?P<y>\d{{4}}))?", re.I)
_QUARTER = compiled(r"\bQ(?P<q>[1-4])\b(?:\s*,?\s*(?P<y>\d{4}))?", re.I)
_HALF = compiled(r"\bH(?P<h>[12])\b", re.I)
_PERIOD = compiled(r"\b(?P<which>this|next|the\s+coming|the)\s+(?P<period>week|month|quarter|year)\b", re.I)
_WEEK_OF = compiled(r"\b(?:week\s+(?:of|commencing|beginning|starting)|wk\s+of|w/c|wc)\b", re.I)
_BETWEEN = compiled(r"\bbetween\b", re.I)
_NOT_ITS_END = compiled(r"\b(?:mid|middle|early|beginning|start|first|after|around|since|from)\b", re.I)


def span_end(phrase: str, today: dt.date) -> tuple[str, dt.date] | None:
    """The words for the last day of a span and that day ("sometime in January" → ("the end of January", 31 Jan));
    None for a span with no end to offer ("after the holidays", "mid-February", "in a few weeks")."""
    if _NOT_ITS_END.search(phrase):  # the start or middle of a stretch, or open-ended: its end is not what was meant
        return None
    if _BETWEEN.search(phrase) or _WEEK_OF.search(phrase):
        return _last_day_said(phrase, today)
    for words in _end_words(phrase):
        day = parse_date(words, today)
        if day is not None and day >= today:
            return words, day
    return None


def _end_words(phrase: str) -> list[str]:
    found = []
    if (m := _PERIOD.search(phrase)) is not None:
        which = m["which"].lower()
        which = "next" if which == "the coming" else "this" if which == "the" else which
        found.append(f"the end of {which} {m['period'].lower()}")
    if (m := _QUARTER.search(phrase)) is not None:
        found.append(f"the end of Q{m['q']}" + (f" {m['y']}" if m["y"] else ""))
    if (m := _HALF.search(phrase)) is not None:
        found.append(f"the end of {'June' if m['h'] == '1' else 'December'}")
    if (m := _MONTH.search(phrase)) is not None and m["mon"].lower() in MONTHS:
        name = dt.date(2001, MONTHS[m["mon"].lower()], 1).strftime("%B")
        found.append(f"the end of {name}" + (f" {m['y']}" if m["y"] else ""))
    return found


def _last_day_said(phrase: str, today: dt.date) -> tuple[str, dt.date] | None:
    """ "between the 7th and the 11th" ends on the 11th; "the week of Dec 7" on that week's Friday."""
    between, week = _BETWEEN.search(phrase), _WEEK_OF.search(phrase)
    tail = re.split(r"\s+(?:and|&)\s+", phrase)[-1] if between or week is None else phrase[week.end():]
    days = find_dates(tail, today)
    if not days:
        return None
    if between:
        return days[-1].phrase, days[-1].day
    return "the end of that week", end_of_week(days[0].day)
