"""Provides the clock: today's date and the current time, one source for both, fixed in tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def now() -> dt.datetime:
    """The current time, to the second, in UTC (the default for every timestamp a record is born with)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Clock:
    """Today and now for the app, the CLI and every operation. A clock made with `fixed` never moves.

    Args:
        fixed: the moment this clock always tells (tests, `--today`); None follows the wall clock.
    """

    fixed: dt.datetime | None = None

    @classmethod
    def on(cls, day: dt.date) -> Clock:
        """A clock stopped at noon (UTC) on a day, so that the day is the same in every time zone's reading."""
        return cls(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC))

    def now(self) -> dt.datetime:
        return self.fixed if self.fixed is not None else now()

    def today(self) -> dt.date:
        return self.fixed.date() if self.fixed is not None else dt.date.today()
