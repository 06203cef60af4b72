"""Provides describe: a day said the way a person would ('today', 'Fri 27 Nov', 'Fri 27 Nov (3 days late)')."""

# Apart from the date parser (dates.py), whose grammar is compiled on import: every screen that shows a day
# needs only this, and the plan outline is drawn before anyone types a date.

from __future__ import annotations

import datetime as dt

from salesplan_tui.core.base.words import plural


def describe(day: dt.date, today: dt.date, *, late: bool = True) -> str:
    """Says a day the way a person would: 'today', 'tomorrow', 'Fri 27 Nov', 'Fri 27 Nov (3 days late)'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    label = f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")
    if delta < 0 and late:
        return f"{label} ({plural(-delta, 'day')} late)"
    return label
