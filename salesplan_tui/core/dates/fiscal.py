"""Provides the fiscal year a workspace's goals run on, and the phrases that name its end ("end of Q3 FY27")."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from salesplan_tui.core.base.regex_cache import compiled


@dataclass(frozen=True)
class FiscalYear:
    """Where the seller's year ends; FY27 is the fiscal year that ends in 2027 (the calendar year by default).

    Args:
        end_month: the month its last day is in (12: the calendar year).
        end_day: its last day of that month (the 29th of February is read as the 28th).
    """

    end_month: int = 12
    end_day: int = 31

    @classmethod
    def of_period(cls, start: dt.date, end: dt.date) -> FiscalYear:
        """The fiscal year a goal's period follows: one of about a year, to its last day (else the calendar's)."""
        return cls(end.month, min(end.day, 28) if end.month == 2 else end.day) if 360 <= (end - start).days <= 370 \
            else cls()

    def named(self, year: int) -> tuple[dt.date, dt.date]:
        """The first and last day of FY`year` (the one that ends in that calendar year)."""
        end = dt.date(year, self.end_month, self.end_day)
        return dt.date(year - 1, self.end_month, self.end_day) + dt.timedelta(days=1), end

    def of_day(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The first and last day of the fiscal year `day` falls in."""
        return self.named(self.name_of(day))

    def name_of(self, day: dt.date) -> int:
        """The year FY of `day` is named by (the calendar year it ends in)."""
        return day.year if day <= dt.date(day.year, self.end_month, self.end_day) else day.year + 1

    def quarter_end(self, year: int, quarter: int) -> dt.date:
        """The last day of fiscal quarter `quarter` (1-4) of FY`year`: three months on from the year's start, each."""
        start = self.named(year)[0]
        months = start.month - 1 + 3 * quarter
        following = start.replace(year=start.year + months // 12, month=months % 12 + 1, day=min(start.day, 28))
        if start.day > 28:  # a year that starts on the 29th-31st: its quarters end the day before that day comes again
            last = calendar.monthrange(following.year, following.month)[1]
            following = following.replace(day=min(start.day, last))
        return following - dt.timedelta(days=1)


CALENDAR = FiscalYear()

_FY = r"(?:fy|f/y)\s*'?(?P<y>\d{4}|\d{2})\b"
_THE_FY = r"(?:the\s+|this\s+)?(?:fy|f/y|fiscal(?:\s+year)?|financial\s+year)\b"
_Q = r"q(?P<q>[1-4])\b"


def _year(m: re.Match[str], today: dt.date, fiscal: FiscalYear) -> int:
    said = m.groupdict().get("y")
    if not said:
        return fiscal.name_of(today)
    year = int(said)
    return year + 2000 if year < 100 else year


def _fy_end(m: re.Match[str], today: dt.date, fiscal: FiscalYear) -> dt.date | None:
    return fiscal.named(_year(m, today, fiscal))[1]


def _fy_quarter_end(m: re.Match[str], today: dt.date, fiscal: FiscalYear) -> dt.date | None:
    year = _year(m, today, fiscal)
    found = fiscal.quarter_end(year, int(m["q"]))
    if not m.groupdict().get("y") and found < today:  # "end of fiscal Q1" said after it: next year's
        found = fiscal.quarter_end(year + 1, int(m["q"]))
    return found


FiscalResolver = Callable[[re.Match[str], dt.date, FiscalYear], "dt.date | None"]
_END = r"\b(?:the\s+)?end\s+of\s+"
# Each phrase with how it resolves; read only in a text that says FY or fiscal (fiscal_rules_apply).
FISCAL_RULES: list[tuple[re.Pattern[str], FiscalResolver]] = [(compiled(pattern, re.I), resolve) for pattern, resolve in [
    (rf"{_END}(?:the\s+)?q(?P<q>[1-4])\s*,?\s*(?:of\s+)?{_FY}", _fy_quarter_end),  # end of Q3 FY27
    (rf"{_END}(?:the\s+)?fiscal\s+q(?P<q>[1-4])\b", _fy_quarter_end),  # end of fiscal Q3 (this fiscal year's)
    (rf"{_END}(?:the\s+)?{_FY}\s*,?\s*{_Q}", _fy_quarter_end),  # end of FY27 Q3
    (rf"\b{_Q}\s*,?\s*{_FY}[\s-]+end\b", _fy_quarter_end),  # Q3 FY27 end
    (rf"{_END}{_FY}", _fy_end),  # end of FY27
    (rf"\b{_FY}[\s-]+end\b", _fy_end),  # FY27 end
    (rf"{_END}{_THE_FY}(?!\s*'?\d)|\b{_THE_FY}[\s-]+end\b|\beofy\b", _fy_end),  # end of FY, fiscal year end, EOFY
]]


def fiscal_rules_apply(words: set[str]) -> bool:
    """Whether a text could hold a fiscal phrase at all (it says FY or fiscal), so most texts pay nothing."""
    return bool(words & {"fy", "fiscal", "financial", "eofy", "f"} or any(w.startswith("fy") for w in words))
