"""Provides a document dated around an anchor day (the shipped sample, sample_data/demo.json) moved to another day."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

ANCHOR = "anchor_date"  # the day a sample's dates are written around; not a part of a workspace
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})((?:T[\d:.]+)(?:Z|[+-]\d{2}:\d{2})?)?$")


def shift_dates(value: Any, days: int) -> Any:
    """Moves every ISO date and timestamp inside value by a number of days; everything else is kept."""
    if isinstance(value, dict):
        return {k: shift_dates(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [shift_dates(v, days) for v in value]
    if isinstance(value, str):
        m = _DATE.match(value)
        if m:
            try:
                day = dt.date.fromisoformat(m.group(1)) + dt.timedelta(days=days)
            except ValueError:
                return value
            return day.isoformat() + (m.group(2) or "")
    return value


def anchored_to(doc: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The document without its anchor, every date moved by as many days as lie between the anchor and today (a
    document with no anchor is returned as it is); raises ValueError when the anchor is not a day."""
    if ANCHOR not in doc:
        return doc
    rest = {k: v for k, v in doc.items() if k != ANCHOR}
    try:
        anchor = dt.date.fromisoformat(str(doc[ANCHOR]))
    except ValueError:
        raise ValueError(f'"{ANCHOR}" must be a day written as YYYY-MM-DD, not {doc[ANCHOR]!r}') from None
    return shift_dates(rest, (today - anchor).days)
