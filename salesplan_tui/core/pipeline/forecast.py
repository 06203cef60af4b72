"""Provides the forecast a pipeline review starts with: by stage, by closing month, and the bookings covered.

Money is summed per currency: a bar's value is in CURRENCY, and deals in any other currency are in its `others`,
unless the user's rates (plan.measured.rate_table) are given: then a currency with a rate is converted in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Category, Deal, Goal, Objective, StageKind
from salesplan_tui.core.plan.measured import convert

MONTHS = 6  # two quarters ahead
CURRENCY = "USD"  # the currency bars and the bookings target count in (objectives are in "$")


@dataclass(frozen=True)
class Bar:
    """One row of a chart: its label, the deals counted, their value and their value weighted by win probability."""

    label: str
    deals: int
    value: float
    weighted: float
    others: tuple[tuple[str, float, float], ...] = ()  # (currency, value, weighted) of deals in other currencies
    converted: tuple[str, ...] = ()  # the currencies converted into value and weighted at the user's rates


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


Rates = Mapping[str, float] | None


def by_stage(view: WorkspaceView, *, rates: Rates = None) -> list[Bar]:
    """Every open stage in process order, with its deals' value and weighted value."""
    deals = view.all(Deal)
    bars = []
    for stage in view.process.stages:
        if stage.kind != StageKind.OPEN:
            continue
        here = [d for d in deals if d.stage == stage.name]
        bars.append(_bar(stage.name, here, {stage.name: stage.probability}, rates))
    return bars


def by_month(view: WorkspaceView, today: dt.date, months: int = MONTHS, *, rates: Rates = None) -> list[Bar]:
    """The weighted value of the open deals expected to close in each of the next months (overdue ones in this month)."""
    firsts = [_add_months(today.replace(day=1), n) for n in range(months)]
    probability = {s.name: s.probability for s in view.process.stages if s.kind == StageKind.OPEN}
    bars = []
    for n, first in enumerate(firsts):
        end = firsts[n + 1] if n + 1 < months else _add_months(first, 1)
        here = [d for d in view.all(Deal) if d.stage in probability
                and (first <= d.expected_close < end or (n == 0 and d.expected_close < first))]
        bars.append(_bar(first.strftime("%b %Y"), here, probability, rates))
    return bars


def bookings_target(view: WorkspaceView, today: dt.date, months: int = MONTHS, *,
                    rates: Rates = None) -> Target | None:
    """The revenue objective counted in money and due soonest (not yet met), against the weighted pipeline closing
    by its date: is there enough pipeline to make it?"""
    revenue = {g.id for g in view.all(Goal) if g.category == Category.REVENUE}
    candidates = [o for o in view.all(Objective) if o.goal_id in revenue and o.unit == "$" and not o.met
                  and o.due >= today and "pipeline" not in o.metric.casefold()]
    if not candidates:
        return None
    objective = min(candidates, key=lambda o: o.due)
    probability = {s.name: s.probability for s in view.process.stages if s.kind == StageKind.OPEN}
    weighted = sum(value * probability[d.stage] for d in view.all(Deal)
                   if d.stage in probability and d.expected_close <= objective.due
                   and (value := convert(d.value, d.currency, CURRENCY, rates)) is not None)
    return Target(objective.title, objective.due, objective.target - objective.current, weighted)


def _bar(label: str, deals: list[Deal], probability: dict[str, float], rates: Rates = None) -> Bar:
    """A bar of these deals: the value and weighted value of those in CURRENCY (and of those converted at the
    rates), each other currency apart."""
    sums: dict[str, list[float]] = {}
    converted: set[str] = set()
    for deal in deals:
        value = convert(deal.value, deal.currency, CURRENCY, rates)
        currency = deal.currency if value is None else CURRENCY
        if value is None:
            value = deal.value
        elif deal.currency != CURRENCY:
            converted.add(deal.currency)
        here = sums.setdefault(currency, [0.0, 0.0])
        here[0] += value
        here[1] += value * probability[deal.stage]
    value, weighted = sums.pop(CURRENCY, [0.0, 0.0])
    others = tuple(sorted(((c, v, w) for c, (v, w) in sums.items()), key=lambda o: (-o[1], o[0])))
    return Bar(label, len(deals), value, weighted, others, tuple(sorted(converted)))


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.month - 1 + months
    return dt.date(first.year + index // 12, index % 12 + 1, 1)
