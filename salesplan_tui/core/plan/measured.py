"""Provides an objective's figure counted from the deals tied to it (won value, won count, pipeline created)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from salesplan_tui.core.base.money_text import unit_money
from salesplan_tui.core.model.change import WorkspaceView, revise
from salesplan_tui.core.model.records import Deal, Goal, Measure, Objective, SalesProcess, StageKind


def unit_currency(unit: str) -> str | None:
    """The currency an objective's unit names ("$", "€", "USD", "eur"), or None when it is not money ("meetings")."""
    return unit_money(unit)


def rate_table(rates: Mapping[str, float], base: str = "USD") -> dict[str, float]:
    """The rates the operations take, from the user's settings: each currency's worth in the base, the base itself 1
    (a rate that is not a positive number is no rate)."""
    table = {c.strip().upper(): float(r) for c, r in rates.items() if isinstance(r, int | float) and r > 0}
    return {**table, base.strip().upper() or "USD": 1.0}


def convert(value: float, currency: str, into: str, rates: Mapping[str, float] | None) -> float | None:
    """A value in another currency at the user's rates (see rate_table), or None when either has no rate."""
    if currency == into:
        return value
    source, target = (rates or {}).get(currency), (rates or {}).get(into)
    if not source or not target:
        return None
    return value * source / target


@dataclass(frozen=True)
class Figure:
    """An objective's figure counted from its deals, and each currency it could not count (no rate set)."""

    value: float
    left_out: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """What was left out, in one line ("" when nothing): 'EUR not converted: no rate set'."""
        return f"{', '.join(self.left_out)} not converted: no rate set" if self.left_out else ""


def figure(objective: Objective, deals: Iterable[Deal], process: SalesProcess, *,
           period: tuple[dt.date, dt.date] | None = None, rates: Mapping[str, float] | None = None) -> Figure:
    """What an objective measured from the pipeline stands at: its tied deals (unarchived) won, counted or summed
    in its unit's currency (others converted at the user's rates, or left out and named); pipeline created sums its
    deals won or open created in the period (its goal's) whatever their stage."""
    kinds = {s.name: s.kind for s in process.stages}
    tied = [d for d in deals if d.objective_id == objective.id and not d.archived]
    if objective.measured_by == Measure.WON_COUNT:
        return Figure(float(sum(1 for d in tied if kinds.get(d.stage) == StageKind.WON)))
    if objective.measured_by == Measure.WON_VALUE:
        counted = [d for d in tied if kinds.get(d.stage) == StageKind.WON]
    elif objective.measured_by == Measure.PIPELINE_CREATED:
        counted = [d for d in tied if kinds.get(d.stage) != StageKind.LOST
                   and (period is None or period[0] <= d.created_at.date() <= period[1])]
    else:
        return Figure(objective.current)
    into = unit_currency(objective.unit) or "USD"
    total, left_out = 0.0, []
    for deal in counted:
        value = convert(deal.value, deal.currency, into, rates)
        if value is None:
            left_out.append(deal.currency)
        else:
            total += value
    return Figure(round(total, 2), tuple(dict.fromkeys(sorted(left_out))))


def measure_problem(objective: Objective) -> str:
    """Why an objective cannot be measured as it says ("" when it can): won value needs a unit that is money."""
    if objective.measured_by in (Measure.WON_VALUE, Measure.PIPELINE_CREATED) and unit_currency(objective.unit) is None:
        return f"{objective.measured_by.value.replace('_', ' ')} is counted in money: give the objective a unit such as $, € or USD"
    return ""


def remeasured(view: WorkspaceView, at: dt.datetime, objective_ids: Iterable[int | None],
               deals: Iterable[Deal] = (), *, rates: Mapping[str, float] | None = None,
               objectives: Iterable[Objective] = (),
               process: SalesProcess | None = None) -> tuple[tuple[Objective, ...], str]:
    """The objectives measured from the pipeline among these ids, their figure counted again with `deals` (records
    about to be saved) in place of the stored ones, each changed one with its history step dated `at`; and what was
    left out, in one line. `objectives` are versions about to be saved (an edit that sets measured_by); `process` is
    the sales process about to be saved (a stage's kind changed), in place of the stored one."""
    given = {o.id: o for o in objectives}
    wanted = sorted({i for i in objective_ids if i is not None})
    if not given and all((o := view.get(Objective, i)) is None or o.measured_by == Measure.MANUAL for i in wanted):
        return (), ""  # nothing measured from the pipeline: no deal is read (most changes of most workspaces)
    pending = {d.id: d for d in deals}
    every = [pending.pop(d.id, d) for d in view.all(Deal, archived=True)] + list(pending.values())
    changed: list[Objective] = []
    notes: list[str] = []
    for objective_id in wanted:
        objective = given.get(objective_id) or view.get(Objective, objective_id)
        if objective is None or objective.measured_by == Measure.MANUAL:
            if objective_id in given:
                changed.append(given[objective_id])
            continue
        goal = view.get(Goal, objective.goal_id)
        period = (goal.period_start, goal.period_end) if goal else None
        found = figure(objective, every, process or view.process, period=period, rates=rates)
        if found.note:
            notes.append(f"{objective.title}: {found.note}")
        if found.value != objective.current:
            changed.append(revise(objective, at=at, current=found.value))
        elif objective_id in given:
            changed.append(objective)
    return tuple(changed), "; ".join(notes)
