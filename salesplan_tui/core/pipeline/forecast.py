"""Provides the forecast a pipeline review starts with: by stage, by closing month, and the bookings covered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Category, Deal, Goal, Objective, StageKind

MONTHS = 6  # two quarters ahead


@dataclass(frozen=True)
class Bar:
    """One row of a chart: its label, the deals counted, their value and their value weighted by win probability."""

    label: str
    deals: int
    value: float
    weighted: float


@dataclass(frozen=True)
class Target:
    """The bookings objective the forecast serves: what is still to book by its date, and what the pipeline covers."""

    title: str
    due: dt.date
    remaining: float
    weighted: float

    @property
    def coverage(self) -> float:
        return self.weighted / self.remaining if self.remaining > 0 else 1.0


def by_stage(view: WorkspaceView) -> list[Bar]:
    """Every open stage in process order, with its deals' value and weighted value."""
    deals = view.all(Deal)
    bars = []
    for stage in view.process.stages:
        if stage.kind != StageKind.OPEN:
            continue
        here = [d for d in deals if d.stage == stage.name]
        value = sum(d.value for d in here)
        bars.append(Bar(stage.name, len(here), value, value * stage.probability))
    return bars


def by_month(view: WorkspaceView, today: dt.date, months: int = MONTHS) -> list[Bar]:
    """The weighted value of the open deals expected to close in each of the next months (overdue ones in this month)."""
    firsts = [_add_months(today.replace(day=1), n) for n in range(months)]
    probability = {s.name: s.probability for s in view.process.stages if s.kind == StageKind.OPEN}
    bars = []
    for n, first in enumerate(firsts):
        end = firsts[n + 1] if n + 1 < months else _add_months(first, 1)
        here = [d for d in view.all(Deal) if d.stage in probability
                and (first <= d.expected_close < end or (n == 0 and d.expected_close < first))]
        bars.append(Bar(first.strftime("%b %Y"), len(here), sum(d.value for d in here),
                        sum(d.value * probability[d.stage] for d in here)))
    return bars


def bookings_target(view: WorkspaceView, today: dt.date, months: int = MONTHS) -> Target | None:
    """The revenue objective counted in money and due soonest (not yet met), against the weighted pipeline closing
    by its date: is there enough pipeline to make it?"""
    revenue = {g.id for g in view.all(Goal) if g.category == Category.REVENUE}
    candidates = [o for o in view.all(Objective) if o.goal_id in revenue and o.unit == "$" and not o.met
                  and o.due >= today and "pipeline" not in o.metric.casefold()]
    if not candidates:
        return None
    objective = min(candidates, key=lambda o: o.due)
    probability = {s.name: s.probability for s in view.process.stages if s.kind == StageKind.OPEN}
    weighted = sum(d.value * probability[d.stage] for d in view.all(Deal)
                   if d.stage in probability and d.expected_close <= objective.due)
    return Target(objective.title, objective.due, objective.target - objective.current, weighted)


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.month - 1 + months
    return dt.date(first.year + index // 12, index % 12 + 1, 1)
