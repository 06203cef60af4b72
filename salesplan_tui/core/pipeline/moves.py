"""Provides the pipeline's pure logic: moving a deal between stages, recording close-date slips, and totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.records import Deal, SalesProcess, Slip, Stage, StageChange, StageKind
from salesplan_tui.core.plan.measured import convert


@dataclass(frozen=True)
class Totals:
    """Deals counted and summed in one currency; `others` holds each other currency's own totals, never added in."""

    count: int
    value: float
    weighted: float
    currency: str = "USD"
    others: tuple[Totals, ...] = ()
    converted: tuple[str, ...] = ()  # the other currencies added into `value` at the user's rates

    @property
    def note(self) -> str:
        """How other currencies were counted, in words ("" when there were none): "EUR converted at your rates",
        "GBP not converted: no rate set"."""
        said = []
        if self.converted:
            said.append(f"{', '.join(self.converted)} converted at your rates")
        if self.others:
            said.append(f"{', '.join(t.currency for t in self.others)} not converted: no rate set")
        return "; ".join(said)

    @property
    def mixed(self) -> bool:
        """Whether deals in other currencies were left out of `value` and `weighted` (and are in `others`)."""
        return bool(self.others)

    @property
    def per_currency(self) -> dict[str, Totals]:
        return {t.currency: t for t in (self, *self.others)}


def neighbour_stage(process: SalesProcess, deal: Deal, step: int) -> Stage | None:
    """The stage `step` places along the process from the deal's, or None past either end (or at no known stage)."""
    if process.stage(deal.stage) is None:
        return None
    index = process.index(deal.stage) + step
    return process.stages[index] if 0 <= index < len(process.stages) else None


def stage_change(deal: Deal, target: Stage, *, at: dt.datetime, reason: str = "") -> dict[str, Any]:
    """The fields that move a deal to a stage, with its history; Closed Lost needs the reason."""
    if target.name == deal.stage:
        raise ValidationFailed.on("stage", f"the deal is already at {target.name}")
    if target.kind == StageKind.LOST and not reason.strip():
        raise ValidationFailed.on("lost_reason", "say why the deal was lost")
    return {
        "stage": target.name,
        "stage_history": [*deal.stage_history, StageChange(stage=target.name, at=at)],
        "lost_reason": reason.strip() if target.kind == StageKind.LOST else "",
    }


def close_date_change(deal: Deal, new: dt.date, *, at: dt.datetime, reason: str = "") -> dict[str, Any]:
    """The fields that set a new expected close date; pushing it later is recorded as a slip."""
    changes: dict[str, Any] = {"expected_close": new}
    if new > deal.expected_close:
        changes["close_slips"] = [*deal.close_slips, Slip(old=deal.expected_close, new=new, at=at, reason=reason)]
    return changes


def totals(deals: Iterable[Deal], process: SalesProcess, currency: str = "USD", *,
           rates: Mapping[str, float] | None = None) -> Totals:
    """The deals counted (all of them), and the value and weighted value of those in `currency`; each other
    currency's deals are converted in at the user's `rates` (see plan.measured.rate_table) when it has one, else
    summed apart in `others` (largest first), never added into the first."""
    sums: dict[str, list[float]] = {currency: [0, 0.0, 0.0]}
    for deal in deals:
        stage = process.stage(deal.stage)
        here = sums.setdefault(deal.currency, [0, 0.0, 0.0])
        here[0] += 1
        here[1] += deal.value
        here[2] += deal.value * (stage.probability if stage else 0.0)
    converted = []
    for other in sorted(c for c in sums if c != currency):
        value = convert(sums[other][1], other, currency, rates)
        weighted = convert(sums[other][2], other, currency, rates)
        if value is not None and weighted is not None:
            n_other = sums.pop(other)[0]
            sums[currency][0] += n_other
            sums[currency][1] += value
            sums[currency][2] += weighted
            converted.append(other)
    others = tuple(sorted((Totals(int(n), v, w, c) for c, (n, v, w) in sums.items() if c != currency),
                          key=lambda t: (-t.value, t.currency)))
    n, v, w = sums[currency]
    return Totals(int(n) + sum(t.count for t in others), v, w, currency, others, tuple(converted))


def open_deals(deals: Iterable[Deal], process: SalesProcess) -> list[Deal]:
    return deals_of_kind(deals, process, StageKind.OPEN)


def deals_of_kind(deals: Iterable[Deal], process: SalesProcess, kind: StageKind) -> list[Deal]:
    """The deals at a stage of one kind: open, won or lost."""
    kinds = {s.name: s.kind for s in process.stages}
    return [d for d in deals if kinds.get(d.stage) == kind]


def open_deals_by_account(deals: Iterable[Deal], process: SalesProcess) -> dict[int, list[Deal]]:
    """Each account's open deals (accounts with none are absent)."""
    grouped: dict[int, list[Deal]] = {}
    for deal in open_deals(deals, process):
        grouped.setdefault(deal.account_id, []).append(deal)
    return grouped


def ranked(deals: Iterable[Deal]) -> list[Deal]:
    """A column's cards in the order the seller put them (rank), oldest first among equals."""
    return sorted(deals, key=lambda d: (d.rank, d.id))


def rename_stage(process: SalesProcess, deals: Iterable[Deal], old: str, new: str) -> tuple[SalesProcess, list[Deal]]:
    """The process with a stage renamed, and every deal in it (history too) following the new name."""
    if any(s.name.casefold() == new.casefold() and s.name != old for s in process.stages):
        raise ValidationFailed.on("name", f"there is already a stage called {new!r}")
    stages = [s.model_copy(update={"name": new}) if s.name == old else s for s in process.stages]
    renamed = process.model_validate({**process.model_dump(), "stages": [s.model_dump() for s in stages]})
    moved = []
    for d in deals:
        history = [h.model_copy(update={"stage": new}) if h.stage == old else h for h in d.stage_history]
        if d.stage == old or history != d.stage_history:
            moved.append(Deal.model_validate({**d.model_dump(), "stage": new if d.stage == old else d.stage,
                                              "stage_history": [h.model_dump() for h in history]}))
    return renamed, moved
