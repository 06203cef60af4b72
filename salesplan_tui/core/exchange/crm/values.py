"""Provides the value rules of a CRM export: dates, percentages and comparing names."""

from __future__ import annotations

import datetime as dt
import re

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[AP]M)?)?$",
                  re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?)?$",
                      re.IGNORECASE)
_WORDY = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%b %d %Y")


class BadValue(ValueError):
    """A cell that does not read as what its column holds; the message says why, for the row's report."""


def _plain_number(text: str) -> str | None:
    """Digits with `.` as the decimal point: the last of `,` and `.` is the decimal point when both appear; a lone
    `,` followed by exactly three digits groups thousands, otherwise it is the decimal point."""
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        return text.replace(group, "").replace(decimal, ".")
    if "," in text:
        parts = text.split(",")
        if len(parts) > 2 or len(parts[1]) == 3:
            return text.replace(",", "")
        return text.replace(",", ".")
    if text.count(".") > 1:
        return text.replace(".", "")
    return text


def percent(cell: str) -> float | None:
    """A probability as a share of 1: `75`, `75%`, `75 %` or `0.75`; empty is None."""
    text = cell.strip()
    if not text:
        return None
    marked = text.endswith("%")
    number = _plain_number(text.rstrip("%").strip())
    if number is None or not _NUMBER.match(number):
        raise BadValue(f"the probability {text!r} is not a percentage")
    value = float(number)
    share = value / 100 if marked or value > 1 else value
    if not 0 <= share <= 1:
        raise BadValue(f"the probability {text!r} is more than 100%")
    return share


def day_first(cells: list[str]) -> bool:
    """Whether a column's numeric dates put the day first: when they are written with dots (`18.12.2026`), or more
    of them start past 12 (`18/12/2026`) than have a second part past 12 (`12/18/2026`, a CRM's US export)."""
    found = [m for m in (_NUMERIC.match(c.strip()) for c in cells) if m]
    day_votes = sum(1 for m in found if int(m.group(1)) > 12 or m.group(2) == ".")
    month_votes = sum(1 for m in found if int(m.group(3)) > 12)
    return day_votes > month_votes


def date(cell: str, *, day_first: bool = False) -> dt.date | None:
    """A date from the forms CRMs export: `2027-01-20`, `2027-01-20 00:00`, `12/18/2026`, `18.12.2026`,
    `Dec 18, 2026`; empty is None; anything else is refused."""
    text = " ".join(cell.split())
    if not text:
        return None
    try:
        if found := _ISO.match(text):
            return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        if found := _NUMERIC.match(text):
            first, second, year = int(found.group(1)), int(found.group(3)), int(found.group(4))
            year += 2000 if year < 100 else 0
            return dt.date(year, second, first) if day_first else dt.date(year, first, second)
        for form in _WORDY:
            try:
                return dt.datetime.strptime(text, form).date()
            except ValueError:
                continue
    except ValueError:
        pass
    raise BadValue(f"the date {cell.strip()!r} is not a date")


def key(text: str) -> str:
    """A header or stage name reduced to its letters and digits, for comparing: `Deal - Title` → `dealtitle`."""
    return re.sub(r"[\W_]+", "", text.casefold())
