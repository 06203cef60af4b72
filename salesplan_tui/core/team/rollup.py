"""Provides the team roll-up: every rep's figures, read one file at a time, and the team's totals per currency."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from salesplan_tui.core.pipeline import forecast
from salesplan_tui.core.pipeline.moves import Totals
from salesplan_tui.core.team.figures import Bookings, RepFigures, rep_figures
from salesplan_tui.core.team.reading import read_rep
from salesplan_tui.core.team.sources import gather


@dataclass(frozen=True)
class TeamTotals:
    """The team's sums: counts added up, money added up in each currency apart, the forecast month by month."""

    reps: int
    failed: int
    open_deals: int
    pipeline: Totals
    won: Totals
    thin_deals: int
    overdue_actions: int
    commitments_open: int
    commitments_late: int
    findings: int
    months: tuple[forecast.Bar, ...]
    bookings_target: float = 0.0  # the reps' bookings objectives in dollars added up
    bookings_targets: tuple[tuple[str, float], ...] = ()  # each currency's, dollars first: never euros into dollars


@dataclass(frozen=True)
class Rollup:
    """What `salesplan team` shows: one line per rep (in the order read) and the team's totals."""

    reps: tuple[RepFigures, ...]
    totals: TeamTotals
    today: dt.date

    @property
    def complete(self) -> bool:
        """Whether every file was read (the command's exit code is 0 only then)."""
        return self.totals.failed == 0


def roll_up(given: Sequence[Path | str], today: dt.date) -> Rollup:
    """Reads every file named or found in the folders named, read-only, and sums them; a file that cannot be read is
    one rep with its error, and the others are still read. A `postgresql://` address gives every workspace on that
    server (or those it names with `workspace=`), read in one query."""
    from salesplan_tui.core.storage.server_address import is_server_address

    reps = []
    for server in [g for g in given if isinstance(g, str) and is_server_address(g)]:
        reps += _server_reps(server, today)
    for source in gather([Path(g) for g in given if not (isinstance(g, str) and is_server_address(g))]):
        if source.problem is not None:
            reps.append(RepFigures(source.path, error=source.problem))
            continue
        try:
            view, kind = read_rep(source.path)
        except ValueError as e:
            reps.append(RepFigures(source.path, error=str(e)))
            continue
        reps.append(rep_figures(source.path, view, today, kind))
    reps = told_apart(reps)
    return Rollup(tuple(reps), team_totals(reps), today)


def told_apart(reps: list[RepFigures]) -> list[RepFigures]:
    """The reps, those of the same name (a rep's workspace beside last week's export, two Alex Morgans) each marked
    with their file, so no row is taken for another."""
    names = Counter(r.who.casefold() for r in reps if r.error is None)
    twins = [r for r in reps if r.error is None and names[r.who.casefold()] > 1]
    files = Counter(r.path.name for r in twins)  # alex/rep.json and dana/rep.json: their folders tell them apart
    told = {id(r): r.path.name if files[r.path.name] == 1 else f"{r.path.parent.name}/{r.path.name}" for r in twins}
    return [replace(r, twin_of=told[id(r)]) if id(r) in told else r for r in reps]


def _server_reps(url: str, today: dt.date) -> list[RepFigures]:
    """Every workspace of one server as a rep (named by its workspace name); the server unreadable is one rep with
    its error."""
    from salesplan_tui.core.base.errors import SalesplanError
    from salesplan_tui.core.storage.server_address import redacted
    from salesplan_tui.core.storage.server_team import read_team
    from salesplan_tui.core.team.as_manager import one_workspace
    from salesplan_tui.core.team.view import ReadView

    try:
        found = read_team(url)
    except SalesplanError as e:
        return [RepFigures(Path(redacted(url)), error=str(e))]
    return [RepFigures(Path(name), error=contents, source=one_workspace(url, name)) if isinstance(contents, str)
            else replace(rep_figures(Path(name), ReadView(contents), today, "server"), source=one_workspace(url, name))
            for name, contents in found]


def team_totals(reps: Sequence[RepFigures]) -> TeamTotals:
    read = [r for r in reps if r.error is None]
    return TeamTotals(
        reps=len(read), failed=len(reps) - len(read), open_deals=sum(r.open_deals for r in read),
        pipeline=add_totals(r.pipeline for r in read), won=add_totals(r.won for r in read),
        thin_deals=sum(r.thin_deals for r in read), overdue_actions=sum(r.overdue_actions for r in read),
        commitments_open=sum(r.commitments_open for r in read), commitments_late=sum(r.commitments_late for r in read),
        findings=sum(r.findings for r in read), months=add_months([r.months for r in read]),
        bookings_target=sum(r.bookings.target for r in read if r.bookings is not None
                            and r.bookings.currency == forecast.CURRENCY),
        bookings_targets=targets_by_currency([r.bookings for r in read if r.bookings is not None]),
    )


def targets_by_currency(bookings: Sequence[Bookings]) -> tuple[tuple[str, float], ...]:
    """The bookings targets added up in each currency apart, dollars first, then the largest."""
    sums: dict[str, float] = {}
    for each in bookings:
        sums[each.currency] = sums.get(each.currency, 0.0) + each.target
    return tuple(sorted(sums.items(), key=lambda pair: (pair[0] != forecast.CURRENCY, -pair[1], pair[0])))


def add_totals(many: Iterable[Totals], currency: str = forecast.CURRENCY) -> Totals:
    """Totals added up currency by currency: dollars with dollars, euros with euros, never one into the other."""
    sums: dict[str, list[float]] = {currency: [0, 0.0, 0.0]}
    for each in many:
        for part in (each, *each.others):
            here = sums.setdefault(part.currency, [0, 0.0, 0.0])
            here[0] += part.count - sum(o.count for o in part.others)  # a Totals' count holds its others' counts
            here[1] += part.value
            here[2] += part.weighted
    others = tuple(sorted((Totals(int(n), v, w, c) for c, (n, v, w) in sums.items() if c != currency and n),
                          key=lambda t: (-t.value, t.currency)))
    n, v, w = sums[currency]
    return Totals(int(n) + sum(t.count for t in others), v, w, currency, others)


def add_months(per_rep: Sequence[Sequence[forecast.Bar]]) -> tuple[forecast.Bar, ...]:
    """The weighted forecast by close month for the team: each month's bars added, each currency apart."""
    if not per_rep:
        return ()
    months = []
    for bars in zip(*per_rep, strict=True):  # every rep's months are the same, counted from the same day
        others: dict[str, list[float]] = {}
        for bar in bars:
            for currency, value, weighted in bar.others:
                here = others.setdefault(currency, [0.0, 0.0])
                here[0] += value
                here[1] += weighted
        months.append(forecast.Bar(bars[0].label, sum(b.deals for b in bars), sum(b.value for b in bars),
                                   sum(b.weighted for b in bars),
                                   tuple(sorted(((c, v, w) for c, (v, w) in others.items()), key=lambda o: (-o[1], o[0])))))
    return tuple(months)
