"""Provides the one way a day is written on screen: 'Wed 9 Dec' ('Wed 9 Dec 2027' in another year), and describe."""

# Apart from the date parser (dates.py), whose grammar is compiled on import: every screen that shows a day
# needs only this, and the plan outline is drawn before anyone types a date.

from __future__ import annotations

import datetime as dt

from salesplan_tui.core.base.words import plural

# The names strftime's %a and %b give in the C locale (salesplan never sets another): looked up, as formatting a date
# through strftime took a fifth of the findings' time on opening a workspace with thousands of late actions.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: dt.date, today: dt.date | None = None) -> str:
    """A day as every screen writes it: 'Wed 9 Dec', with its year when it is not the year of `today` ('Wed 9 Dec
    2027'); with no `today`, always with its year (where a day stands without one, as in a stored end note)."""
    label = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return label if today is not None and day.year == today.year else f"{label} {day.year}"


def describe(day: dt.date, today: dt.date, *, late: bool = True) -> str:
    """Says a day the way a person would: 'today', 'tomorrow', 'Fri 27 Nov', 'Fri 27 Nov (3 days late)'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    label = day_label(day, today)
    if delta < 0 and late:
        return f"{label} ({plural(-delta, 'day')} late)"
    return label
