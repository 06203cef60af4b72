"""Provides one rep's figures for the roll-up: deals, money per currency, the plan's state and the last one-on-one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from salesplan_tui.core.base.money_text import CURRENCY_OF, SYMBOLS, unit_money
from salesplan_tui.core.model.records import Action, Category, Deal, Goal, Objective, Review, ReviewKind, StageKind
from salesplan_tui.core.pipeline import forecast
from salesplan_tui.core.pipeline.moves import Totals, totals
from salesplan_tui.core.plan.rules import NEXT_STEPS_NEEDED, check, open_steps
from salesplan_tui.core.team.view import ReadView

NONE = Totals(0, 0.0, 0.0)


@dataclass(frozen=True)
class Bookings:
    """The bookings objective the rep's won deals count against, and the period they are counted in."""

    title: str
    target: float
    current: float
    start: dt.date
    end: dt.date
    currency: str = "USD"  # what the objective counts in: a European rep's is often in euros


@dataclass(frozen=True)
class RepFigures:
    """One rep as the team roll-up shows them; a file that could not be read has its `error` and no figures."""

    path: Path
    name: str = ""
    seller: str = ""
    kind: str = ""  # "workspace" or "export"
    open_deals: int = 0
    pipeline: Totals = NONE  # the open deals: value and weighted value, each currency apart
    won: Totals = NONE  # deals won in the period, each currency apart
    bookings: Bookings | None = None
    period: tuple[dt.date, dt.date] | None = None
    thin_deals: int = 0  # open deals with fewer than two next steps
    overdue_actions: int = 0
    commitments_open: int = 0  # open actions promised in the last one-on-one, due by today or not yet
    commitments_late: int = 0  # of those, the ones past their date
    last_one_on_one: dt.date | None = None
    findings: int = 0
    months: tuple[forecast.Bar, ...] = field(default=())
    error: str | None = None
    twin_of: str = ""  # set when another rep read has the same name: this one's file, so the two can be told apart
    source: str = ""  # a server rep's own address (postgresql://…?workspace=NAME), to open it; "" for a file

    @property
    def who(self) -> str:
        """The rep's name as a heading shows it: the seller, else the workspace's name, else the file's."""
        return self.seller or self.name or self.path.stem


def rep_figures(path: Path, view: ReadView, today: dt.date, kind: str) -> RepFigures:
    """Every figure of one rep's workspace on a day."""
    process = view.process
    deals = view.all(Deal)
    open_names = {s.name for s in process.stages if s.kind == StageKind.OPEN}
    won_names = {s.name for s in process.stages if s.kind == StageKind.WON}
    opened = [d for d in deals if d.stage in open_names]
    steps = view.actions_by("deal_id")
    bookings = bookings_objective(view, today)
    period = (bookings.start, bookings.end) if bookings else _year(today)
    won = [d for d in deals if d.stage in won_names and period[0] <= won_on(d) <= period[1]]
    found = check(view, today)
    commitments, held = last_commitments(view)
    promised = [a for a in commitments if a.is_open]
    return RepFigures(
        path=path, name=view.workspace.name, seller=view.workspace.seller, kind=kind,
        open_deals=len(opened), pipeline=totals(opened, process), won=totals(won, process), bookings=bookings,
        period=period, thin_deals=sum(1 for d in opened if len(open_steps(steps.get(d.id, []))) < NEXT_STEPS_NEEDED),
        overdue_actions=sum(1 for f in found if f.rule == "overdue_action"),
        commitments_open=len(promised), commitments_late=sum(1 for a in promised if a.due < today),
        last_one_on_one=held, findings=len(found), months=tuple(forecast.by_month(view, today)),
    )


def won_on(deal: Deal) -> dt.date:
    """The day a won deal was won: when it last moved to its stage, else its expected close."""
    moves = [c.at for c in deal.stage_history if c.stage == deal.stage]
    return moves[-1].date() if moves else deal.expected_close


def bookings_objective(view: ReadView, today: dt.date) -> Bookings | None:
    """The objective counted in money under a revenue goal whose period holds today (the one due soonest); bookings,
    not pipeline, as the forecast reads it. None when the plan has none."""
    goals = {g.id: g for g in view.all(Goal) if g.category == Category.REVENUE}
    candidates = [(o, goals[o.goal_id]) for o in view.all(Objective)
                  if o.goal_id in goals and money_unit(o.unit) and "pipeline" not in o.metric.casefold()]
    if not candidates:
        return None
    objective, goal = min(candidates, key=lambda pair: (not _holds(pair[1], today), pair[0].due < today, pair[0].due))
    return Bookings(objective.title, objective.target, objective.current, goal.period_start, goal.period_end,
                    money_unit(objective.unit) or "USD")


def money_unit(unit: str) -> str | None:
    """The currency an objective's unit is ('$', '€', 'EUR', 'usd'), or None when it counts something else (a
    three-letter unit such as 'QBR' is not taken for a currency unless salesplan knows it as one)."""
    text = unit.strip()
    return unit_money(text) if text in CURRENCY_OF or text.upper() in SYMBOLS else None


def last_commitments(view: ReadView) -> tuple[list[Action], dt.date | None]:
    """The actions promised in the last one-on-one held (finished), and its day; none when there was none."""
    held = [r for r in view.all(Review) if r.kind == ReviewKind.ONE_ON_ONE and r.ended_at is not None]
    if not held:
        return [], None
    last = max(held, key=lambda r: (r.ended_at, r.id))
    actions = [view.get(Action, i) for i in last.action_ids]
    return [a for a in actions if a is not None], last.started_at.date()


def _holds(goal: Goal, today: dt.date) -> bool:
    return goal.period_start <= today <= goal.period_end


def _year(today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
