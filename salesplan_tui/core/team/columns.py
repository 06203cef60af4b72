"""Provides the roll-up's columns: each one's header, its cell for a rep and for the team, and how it sorts.

The command's table and the app's Team view both read COLUMNS, so they show the same figures under the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from salesplan_tui.core.base.money_text import short_money
from salesplan_tui.core.base.words import plural
from salesplan_tui.core.pipeline.moves import Totals
from salesplan_tui.core.team.figures import RepFigures
from salesplan_tui.core.team.rollup import TeamTotals

NAME_WIDTH = 32  # a rep's name in the table: a pasted paragraph must not push every figure off the screen


def rep_label(rep: RepFigures, width: int = NAME_WIDTH) -> str:
    """The rep's name as a row says it, cut to `width` with an ellipsis (the JSON keeps it whole), and its file's name
    after it when another rep has the same name."""
    who = " ".join(rep.who.split())
    cut = who if len(who) <= width else who[:width - 1].rstrip() + "…"
    return f"{cut} ({rep_label_file(rep, width)})" if rep.twin_of else cut


def rep_label_file(rep: RepFigures, width: int = NAME_WIDTH) -> str:
    name = rep.twin_of
    return name if len(name) <= width else "…" + name[-(width - 1):]


def team_label(totals: TeamTotals) -> str:
    return f"Team ({plural(totals.reps, 'rep')})"


def amounts(totals: Totals, *, weighted: bool = False) -> str:
    """Each currency apart, never one added into another: '$1.2M', '$1.2M + €58k', '€58k' alone, '-' for none."""
    own = totals.count - sum(o.count for o in totals.others)
    parts = [t for t, n in ((totals, own), *((o, o.count) for o in totals.others)) if n]
    return " + ".join(short_money(t.weighted if weighted else t.value, t.currency) for t in parts) or "-"


def _won(rep: RepFigures) -> str:
    won = amounts(rep.won)
    if not rep.bookings:
        return won
    return f"{won if rep.won.count else short_money(0)} of {short_money(rep.bookings.target, rep.bookings.currency)}"  # '$0 of $1.2M', not '-'



def _team_won(totals: TeamTotals) -> str:
    if not totals.bookings_targets:
        return amounts(totals.won)
    return f"{amounts(totals.won)} of {' + '.join(short_money(v, c) for c, v in totals.bookings_targets)}"


def _commitments(open_: int, late: int) -> str:
    return f"{open_} ({late} late)" if late else str(open_)


def _main(totals: Totals, *, weighted: bool = False) -> float:
    """What a money column sorts by: the first currency's amount (the others are shown, never added in)."""
    return totals.weighted if weighted else totals.value


@dataclass(frozen=True)
class Column:
    """One column: its id (the sort key's name in the key registry), header, cells and sort order."""

    id: str
    header: str
    rep: Callable[[RepFigures], str]
    team: Callable[[TeamTotals], str]
    sort: Callable[[RepFigures], object]
    numeric: bool = True  # right-aligned, and sorted largest first


COLUMNS = (
    Column("rep", "Rep", rep_label, team_label, lambda r: (r.who.casefold(), r.twin_of),
           numeric=False),
    Column("open", "Open", lambda r: str(r.open_deals), lambda t: str(t.open_deals), lambda r: r.open_deals),
    Column("pipeline", "Pipeline", lambda r: amounts(r.pipeline), lambda t: amounts(t.pipeline), lambda r: _main(r.pipeline)),
    Column("weighted", "Weighted", lambda r: amounts(r.pipeline, weighted=True),
           lambda t: amounts(t.pipeline, weighted=True), lambda r: _main(r.pipeline, weighted=True)),
    Column("won", "Won / bookings", _won,
           _team_won,
           lambda r: _main(r.won)),
    Column("steps", "< 2 steps", lambda r: str(r.thin_deals), lambda t: str(t.thin_deals), lambda r: r.thin_deals),
    Column("overdue", "Overdue", lambda r: str(r.overdue_actions), lambda t: str(t.overdue_actions),
           lambda r: r.overdue_actions),
    Column("commitments", "1:1 open", lambda r: _commitments(r.commitments_open, r.commitments_late),
           lambda t: _commitments(t.commitments_open, t.commitments_late),
           lambda r: (r.commitments_late, r.commitments_open)),
    Column("findings", "Findings", lambda r: str(r.findings), lambda t: str(t.findings), lambda r: r.findings),
)
BY_ID = {c.id: c for c in COLUMNS}


def sorted_reps(reps: tuple[RepFigures, ...], column: str, reverse: bool = False) -> list[RepFigures]:
    """The reps read, sorted by a column (numbers largest first, names A to Z; `reverse` turns it round); the files
    that could not be read come last, in the order given."""
    chosen = BY_ID[column]
    read = [r for r in reps if r.error is None]
    read.sort(key=chosen.sort, reverse=chosen.numeric != reverse)  # type: ignore[arg-type]  # each column's keys are of one comparable type
    return read + [r for r in reps if r.error is not None]


def table_lines(reps: list[RepFigures], totals: TeamTotals) -> list[str]:
    """The roll-up as plain text: a header, a line per rep read, the team's line; widths fitted to the cells."""
    rows = [[c.header for c in COLUMNS], *([c.rep(r) for c in COLUMNS] for r in reps if r.error is None),
            [c.team(totals) for c in COLUMNS]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return ["  ".join(cell.rjust(w) if c.numeric else cell.ljust(w) for cell, w, c in zip(row, widths, COLUMNS, strict=True)
                      ).rstrip() for row in rows]
