"""Provides telling a CRM export's deal rows from its blank, total and report lines, which are skipped and counted."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from salesplan_tui.core.base.words import plural

# A report's total or subtotal line starts with one of these words ("Grand Totals (6 records)", "Subtotal", "Sum").
_TOTAL = re.compile(r"^(grand\s*|sub\s*-?\s*)?(totals?|sum|summe|gesamt|total\s+général)\b", re.IGNORECASE)


@dataclass
class Skipped:
    """The rows left out, by kind, with their spreadsheet numbers."""

    blank: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    report: list[int] = field(default_factory=list)  # one-cell lines: a report's title, grouping, notes, copyright

    def note(self) -> str:
        """One line for the dry run: 'skipped 2 blank rows, 1 total row (row 9) and 4 report lines (rows 10, 11, …)'."""
        parts = [_counted(rows, word) for rows, word in ((self.blank, "blank row"), (self.totals, "total row"),
                                                         (self.report, "report line")) if rows]
        if not parts:
            return ""
        return "skipped " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0])


def deal_rows(rows: Iterable[list[str]], stage_at: int | None, close_at: int | None,
              skipped: Skipped) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header that may be deals, with their spreadsheet numbers (the header is row 1); blank
    rows, totals (a first cell such as "Total" in a row with no stage or no close date) and one-cell report lines
    are counted in `skipped` instead."""
    for number, row in enumerate(rows, 2):
        filled = [c for c in row if c.strip()]
        if not filled:
            skipped.blank.append(number)
        elif _TOTAL.match(filled[0].strip()) and not (_cell(row, stage_at) and _cell(row, close_at)):
            skipped.totals.append(number)
        elif len(filled) == 1:
            skipped.report.append(number)
        else:
            yield number, row


def _cell(row: list[str], at: int | None) -> str:
    return row[at].strip() if at is not None and at < len(row) else ""


def _counted(rows: list[int], word: str) -> str:
    shown = ", ".join(map(str, rows[:3])) + (", …" if len(rows) > 3 else "")
    return f"{plural(len(rows), word)} ({'row' if len(rows) == 1 else 'rows'} {shown})"
