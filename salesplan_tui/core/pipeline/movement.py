"""Provides what the pipeline did between two moments: stage moves, wins, losses, slips, value changes, new deals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Deal, SalesProcess, StageKind, value_at


@dataclass(frozen=True)
class StageMove:
    """A deal at another stage than it was: from where, to where (a lost deal with its reason)."""

    deal_id: int
    title: str
    old: str
    new: str
    reason: str = ""


@dataclass(frozen=True)
class CloseSlip:
    """A deal's expected close pushed later: from the date it had then to the one it has now, in so many slips."""

    deal_id: int
    title: str
    old: dt.date
    new: dt.date
    times: int


@dataclass(frozen=True)
class ValueMove:
    """A deal's value then and now."""

    deal_id: int
    title: str
    old: float
    new: float
    currency: str


@dataclass(frozen=True)
class NewDeal:
    """A deal made in the window, at the stage and value it has now."""

    deal_id: int
    title: str
    stage: str
    value: float
    currency: str


@dataclass(frozen=True)
class Movement:
    """What the pipeline did between two moments, and the weighted forecast at each (deals' stage and value as
    they were at that moment, each weighted by its stage's probability in today's sales process)."""

    advanced: tuple[StageMove, ...]
    moved_back: tuple[StageMove, ...]
    won: tuple[StageMove, ...]
    lost: tuple[StageMove, ...]
    close_slips: tuple[CloseSlip, ...]
    values: tuple[ValueMove, ...]
    new: tuple[NewDeal, ...]
    forecast_then: float
    forecast_now: float

    @property
    def quiet(self) -> bool:
        """Nothing moved: no stage, close date, value or new deal."""
        return not (self.advanced or self.moved_back or self.won or self.lost or self.close_slips or self.values
                    or self.new)


def stage_at(deal: Deal, moment: dt.datetime) -> str | None:
    """The stage a deal was at a moment (None before it existed): its last stage change by then."""
    if deal.created_at > moment:
        return None
    past = [h for h in deal.stage_history if h.at <= moment]
    if past:
        return max(past, key=lambda h: h.at).stage
    return deal.stage_history[0].stage if deal.stage_history else deal.stage


def weighted_forecast(deals: list[Deal], process: SalesProcess, moment: dt.datetime) -> float:
    """The open deals' value weighted by their stage's probability, each as it was at the moment."""
    total = 0.0
    for deal in deals:
        stage = process.stage(stage_at(deal, moment) or "")
        if stage is not None and stage.kind == StageKind.OPEN:
            total += value_at(deal.value_history, deal.value, moment) * stage.probability
    return total


def movement(view: WorkspaceView, then: dt.datetime, now: dt.datetime) -> Movement:
    """What changed in the pipeline after `then` and up to `now` (archived deals are left out of both)."""
    process = view.process
    deals = [d for d in view.all(Deal) if d.created_at <= now]
    advanced: list[StageMove] = []
    back: list[StageMove] = []
    won: list[StageMove] = []
    lost: list[StageMove] = []
    slips: list[CloseSlip] = []
    values: list[ValueMove] = []
    new: list[NewDeal] = []
    for deal in deals:
        is_new = deal.created_at > then
        old = stage_at(deal, then) if not is_new else (deal.stage_history[0].stage if deal.stage_history else None)
        current = stage_at(deal, now) or deal.stage
        value_now = value_at(deal.value_history, deal.value, now)
        if is_new:
            new.append(NewDeal(deal.id, deal.title, current, value_now, deal.currency))
        if old is not None and old != current:
            stage_now = process.stage(current)
            kind_now = stage_now.kind if stage_now else StageKind.OPEN
            move = StageMove(deal.id, deal.title, old, current, deal.lost_reason if kind_now == StageKind.LOST else "")
            if kind_now == StageKind.WON:
                won.append(move)
            elif kind_now == StageKind.LOST:
                lost.append(move)
            elif process.index(current) > process.index(old):
                advanced.append(move)
            else:
                back.append(move)
        window = [s for s in deal.close_slips if then < s.at <= now]
        if window:
            slips.append(CloseSlip(deal.id, deal.title, window[0].old, window[-1].new, len(window)))
        value_then = value_at(deal.value_history, deal.value, then)
        if not is_new and value_then != value_now:
            values.append(ValueMove(deal.id, deal.title, value_then, value_now, deal.currency))
    return Movement(tuple(advanced), tuple(back), tuple(won), tuple(lost), tuple(slips), tuple(values), tuple(new),
                    weighted_forecast(deals, process, then), weighted_forecast(deals, process, now))
