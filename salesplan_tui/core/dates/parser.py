"""Provides the one date parser of the app: finds and resolves date phrases ("Friday", "end of Q1", "12/9") to days."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from salesplan_tui.core.base.regex_cache import compiled
from salesplan_tui.core.dates.day_words import describe
from salesplan_tui.core.dates.fiscal import CALENDAR, FISCAL_RULES, FiscalYear, fiscal_rules_apply
from salesplan_tui.core.dates.grammar import (
    DATE,
    EOD,
    OFFSET_BEFORE,
    ORDINAL,
    RULES,
    TIME_AFTER,
    TIME_BEFORE,
    WEEKDAY,
    end_of_month,
    end_of_quarter,
    end_of_week,
    moved,
    words_in,
)
from salesplan_tui.core.dates.months import respell_months
from salesplan_tui.core.dates.seller_days import RULES as SELLER_RULES
from salesplan_tui.core.dates.spans import LOOSE_AFTER, LOOSE_BEFORE, VAGUE_RULES
from salesplan_tui.core.dates.weekdays import mark_weekdays

__all__ = [
    "CALENDAR", "DateMatch", "FiscalYear", "describe", "due_date", "end_of_month", "end_of_quarter", "end_of_week",
    "find_dates", "parse_date", "vague_spans",
]


@dataclass(frozen=True)
class DateMatch:
    """A date phrase found in a text: where it stands, what it says and the day it resolves to."""

    start: int
    end: int
    phrase: str
    day: dt.date
    anchored: bool  # preceded by by/on/before/within..., so it is the deadline rather than a date mentioned
    # When a weekday and a date disagree ("Thursday 12/4", and 4 Dec is a Friday): the day of that weekday
    # nearest the date, so the coach can ask which one is meant; day is the date, the more precise of the two.
    conflict: dt.date | None = None


@dataclass
class _Found:
    """A day phrase while it is being read: widened, joined or moved before it becomes a DateMatch."""

    start: int
    end: int
    day: dt.date
    kind: str
    conflict: dt.date | None = None
    timed: bool = False  # carries a time of day ("Friday at 3pm"), so "before" does not move it a day
    eod: bool = False  # says end of day or close of business, a deadline by itself
    # A bare weekday that is today's ("Friday" said on a Friday) means next week's, unless it carries an end of
    # day: "EOD Friday" said on a Friday is today ("first thing Friday" is still next week's).
    today_with_time: dt.date | None = None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


_ANCHOR = compiled(
    r"\b(?:by|before|on|within|in|until|till|til|no\s+later\s+than|nlt|due(?:\s+date)?|deadline(?:\s+is)?|prior\s+to)"
    r"\s*[,:]?\s*$", re.I)
_ANCHOR_AFTER = compiled(r"\s*,?\s*(?:at\s+the\s+(?:latest|very\s+latest)|latest)\b", re.I)
_BEFORE = compiled(r"\b(?:before|prior\s+to)\s*$", re.I)
_JOIN = compiled(r"[\s,]*(\(?)\s*")  # what may stand between a weekday and its date: "Thu, Dec 3", "Friday (11/27)"
_CLOSE = compiled(r"\s*\)")
_WEEK = dt.timedelta(days=7)
# The words a time of day needs, and the clock times ("3pm", "at 10") that have none.
_EOD_WORDS = frozenset({"eod", "cob", "eob", "end", "close"})
_TIME_WORDS = _EOD_WORDS | {"first", "morning", "afternoon", "evening", "noon", "midday", "lunch", "lunchtime", "night",
                            "am", "pm"}
ALL_RULES = RULES + SELLER_RULES
_CLOCK = compiled(r"\d\s*[ap]\.?m|\bat\s+\d|\b[ap]\.m\.", re.I)


def _candidates(norm: str, today: dt.date, words: set[str],
                fiscal: FiscalYear) -> tuple[list[_Found], list[tuple[int, int]]]:
    """Every phrase that names a day, and every span that is not one."""
    found: list[_Found] = []
    spans = []
    if fiscal_rules_apply(words):  # "end of FY", "end of Q3 FY27": the workspace's fiscal year, not the calendar's
        for fiscal_pattern, resolve_fiscal in FISCAL_RULES:
            for m in fiscal_pattern.finditer(norm):
                fiscal_day = resolve_fiscal(m, today, fiscal)
                if fiscal_day is not None:
                    found.append(_Found(m.start(), m.end(), fiscal_day, "other"))
    for pattern, needs in VAGUE_RULES:
        if needs & words:
            # A span ends before a full stop ("available in January."): the sentence's, not an abbreviation's.
            spans += [(m.start(), m.end() - m.group().endswith(".")) for m in pattern.finditer(norm)]
    for pattern, resolve, kind, rule_needs in ALL_RULES:
        if rule_needs is not None and not rule_needs & words:
            continue
        for m in pattern.finditer(norm):
            try:
                day = resolve(m, today)
            except (ValueError, OverflowError):  # a date past the calendar's end (year 9999)
                day = None
            if day is None:
                continue
            start, end = m.start(), m.end()
            loose_before = LOOSE_BEFORE.search(norm, max(0, start - 24), start)
            loose_after = LOOSE_AFTER.match(norm, end)
            if loose_before or loose_after:  # "around the 15th", "Friday-ish"
                spans.append((loose_before.start() if loose_before else start, loose_after.end() if loose_after else end))
                continue
            same = kind == WEEKDAY and not m["which"] and day == today + _WEEK
            found.append(_Found(start, end, day, kind, today_with_time=today if same else None))
    return found, spans


def _settle(found: list[_Found], spans: list[tuple[int, int]]) -> tuple[list[_Found], list[tuple[int, int]]]:
    """A span that holds a day phrase hides it ("the week of Dec 7"); a day phrase that holds a span keeps it
    ("end of next month" holds "next month"); where they only cross, the longer one stands."""
    kept_spans = []
    for s, e in spans:
        beaten = False
        for f in found:
            if f.overlaps(s, e) and not (s <= f.start and f.end <= e) and (f.end - f.start) >= (e - s):
                beaten = True
                break
        if not beaten:
            kept_spans.append((s, e))
    days = [f for f in found if not any(s < f.end and f.start < e for s, e in kept_spans)]
    return days, kept_spans


def _choose(found: list[_Found]) -> list[_Found]:
    found.sort(key=lambda f: (f.start, f.start - f.end))
    chosen: list[_Found] = []
    for f in found:
        if not chosen or f.start >= chosen[-1].end:
            chosen.append(f)
    return chosen


def _nearest(day: dt.date, weekday: int) -> dt.date | None:
    try:
        return day + dt.timedelta(days=(weekday - day.weekday() + 3) % 7 - 3)
    except OverflowError:  # a weekday beside 31 Dec 9999
        return None


def _day_before(day: dt.date | None) -> dt.date | None:
    return day - dt.timedelta(days=1) if day is not None and day > dt.date.min else day


def _join_weekday_and_date(norm: str, chosen: list[_Found]) -> list[_Found]:
    """ "Thursday 12/3", "Fri 27 Nov", "12/3 thurs" are one day; the date is the more precise, the weekday may disagree."""
    out: list[_Found] = []
    for f in chosen:
        prev = out[-1] if out else None
        if prev is not None and {prev.kind, f.kind} in ({WEEKDAY, DATE}, {WEEKDAY, ORDINAL}):
            gap = _JOIN.fullmatch(norm, prev.end, f.start)
            if gap:
                weekday, date = (prev, f) if prev.kind == WEEKDAY else (f, prev)
                end = f.end
                if gap[1]:
                    close = _CLOSE.match(norm, end)
                    end = close.end() if close else end
                wd = weekday.day.weekday()
                conflict = None if date.day.weekday() == wd else _nearest(date.day, wd)
                out[-1] = _Found(prev.start, end, date.day, DATE, conflict)
                continue
        out.append(f)
    return [f for f in out if f.kind != ORDINAL]


def _move_by_offsets(norm: str, chosen: list[_Found], words: set[str]) -> list[_Found]:
    """ "a week from Friday" is Friday moved on a week: the stretch joins the day phrase after it."""
    if not words & {"from", "after", "before"}:
        return chosen
    for i, f in enumerate(chosen):
        m = OFFSET_BEFORE.search(norm, max(chosen[i - 1].end if i else 0, f.start - 40), f.start)
        if m:
            try:
                f.start, f.day, f.conflict, f.today_with_time = m.start(), moved(m, f.day), None, None
            except (ValueError, OverflowError):  # moved past the calendar's end
                continue
    return chosen


def _add_times(norm: str, chosen: list[_Found], today: dt.date, words: set[str]) -> list[_Found]:
    """Widens each day over its time of day ("COB Friday", "Friday at 3pm"); EOD or COB alone is today."""
    if not (words & _TIME_WORDS or _CLOCK.search(norm)):
        return chosen
    for i, f in enumerate(chosen):
        low = max(chosen[i - 1].end if i else 0, f.start - 40)
        before = TIME_BEFORE.search(norm, low, f.start)
        if before:
            f.start, f.timed, f.eod = before.start("t"), True, bool(before["eod"])
        after = TIME_AFTER.match(norm, f.end, chosen[i + 1].start if i + 1 < len(chosen) else len(norm))
        if after:
            f.end, f.timed, f.eod = after.end(), True, f.eod or bool(after["eod"])
        if f.eod and f.today_with_time:
            f.day = f.today_with_time
    if not words & _EOD_WORDS:
        return chosen
    alone = [
        _Found(m.start(), m.end(), today, "time", timed=True, eod=True)
        for m in EOD.finditer(norm)
        if not any(f.overlaps(m.start(), m.end()) for f in chosen)
    ]
    return sorted(chosen + alone, key=lambda f: f.start)


def _read(text: str, today: dt.date,
          fiscal: FiscalYear = CALENDAR) -> tuple[list[DateMatch], list[tuple[int, int]]]:
    # A misspelt month is read as the month ("Decmber 4"); `back` takes a place in the respelt text to the typed one.
    spelt, back = respell_months(text)
    norm = mark_weekdays(spelt)
    words = words_in(norm)
    found, spans = _settle(*_candidates(norm, today, words, fiscal))
    chosen = _join_weekday_and_date(norm, _choose(found))
    chosen = _add_times(norm, _move_by_offsets(norm, chosen, words), today, words)
    matches = []
    for f in chosen:
        lead = spelt[max(0, f.start - 24):f.start]
        day: dt.date | None = f.day
        conflict = f.conflict
        phrase_low = spelt[f.start:f.end].lower()
        # "before the end of the week" is by its end: an end is already the last moment, not a day to step back from
        ends = phrase_low.startswith(("the end", "end ", "eow", "eom", "eoq", "eoy")) or "end" in phrase_low.split()[-1:]
        if _BEFORE.search(lead) and not f.timed and not ends:
            day, conflict = _day_before(day), _day_before(conflict)
        if day is None:  # only the calendar's first day has no day before it
            continue
        anchored = (
            f.eod or bool(_ANCHOR.search(lead)) or phrase_low.startswith(("in ", "within "))
            or bool(_ANCHOR_AFTER.match(spelt, f.end))
        )
        start, end = back(f.start), back(f.end)
        matches.append(DateMatch(start, end, text[start:end], day, anchored, conflict))
    return matches, [(back(s), back(e)) for s, e in spans]


def find_dates(text: str, today: dt.date, *, fiscal: FiscalYear | None = None) -> list[DateMatch]:
    """Returns every phrase in text that names one day, left to right, none overlapping; never raises.

    A phrase that names a span ("sometime in December", "the week of Dec 7") is not one: see vague_spans. `fiscal` is
    the year "end of FY" and "end of Q3 FY27" are read against (the workspace's goals'); the calendar year when None.
    """
    return _read(str(text), today, fiscal or CALENDAR)[0]


def vague_spans(text: str) -> list[tuple[int, int, str]]:
    """The phrases in text that name a span of time rather than a day, as (start, end, phrase), left to right.

    "sometime in December", "in Q1", "next quarter", "the week of Dec 7", "after the holidays", "around the 15th";
    a day phrase that holds one ("by the end of this quarter") is a day, not a span.
    """
    text = str(text)
    # The spans do not depend on the day; any day will do for reading the phrases around them.
    spans = sorted(_read(text, dt.date(2001, 1, 1))[1])
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e, text[s:e]) for s, e in merged]


def due_date(text: str, today: dt.date, *, fiscal: FiscalYear | None = None) -> DateMatch | None:
    """The deadline a sentence states: the first anchored date phrase ("by Friday"), else the first one."""
    matches = find_dates(text, today, fiscal=fiscal)
    if not matches:
        return None
    return next((m for m in matches if m.anchored), matches[0])


_LEAD_IN = compiled(r"^\s*(?:by|on|due|until|till|no\s+later\s+than|nlt)\s+", re.I)
_BEFORE_LEAD = compiled(r"^\s*(?:before|prior\s+to)\s+", re.I)


def parse_date(text: str, today: dt.date, *, fiscal: FiscalYear | None = None) -> dt.date | None:
    """Reads a whole field as one day ("Friday", "end of Q1", "2026-12-01", "4 Dec 2027"); None when it is not one.

    A weekday and a date that disagree ("Thursday 12/4") read as the date; a span ("in December") is None.
    """
    text = text.strip().rstrip(".")
    if not text or len(text) > 100:
        return None
    body = _LEAD_IN.sub("", text)
    matches, spans = _read(body, today, fiscal or CALENDAR)
    if spans:
        return None
    # "before Thanksgiving" is read by find_dates as the day before; the phrase is what follows "before".
    whole = _BEFORE_LEAD.sub("", body).strip().lower().rstrip(".")
    if len(matches) == 1 and matches[0].phrase.strip().lower() == whole:
        return matches[0].day
    if matches:
        return None
    return _fallback(body, today)


def _fallback(text: str, today: dt.date) -> dt.date | None:
    # dateutil reads the many absolute spellings the grammar does not; imported only when needed.
    if not re.search(r"\d", text):
        return None
    # python-dateutil ships no type stubs and types-python-dateutil is not among the dev dependencies
    from dateutil import parser as dateutil_parser  # type: ignore[import-untyped]

    try:
        return dateutil_parser.parse(text, default=dt.datetime(today.year, today.month, today.day)).date()
    except (ValueError, OverflowError, TypeError):
        return None

