"""Provides the roll-up as `salesplan team --json` prints it: plain data, money as a mapping of currency to amount."""

from __future__ import annotations

from typing import Any

from salesplan_tui.core.pipeline import forecast
from salesplan_tui.core.pipeline.moves import Totals
from salesplan_tui.core.team.figures import RepFigures
from salesplan_tui.core.team.rollup import Rollup, TeamTotals


def money(totals: Totals, *, weighted: bool = False) -> dict[str, float]:
    """Each currency's amount apart ({"USD": 1200.0, "EUR": 80.0}); only currencies some deal is in."""
    own = totals.count - sum(o.count for o in totals.others)
    parts = [(totals, own), *((o, o.count) for o in totals.others)]
    return {t.currency: round(t.weighted if weighted else t.value, 2) for t, count in parts if count}


FIGURES = ("open_deals", "pipeline_value", "weighted", "won", "period", "bookings_objective", "deals_short_of_next_steps",
           "overdue_actions", "commitments_open", "commitments_late", "last_one_on_one", "findings")


def rep_dict(rep: RepFigures) -> dict[str, Any]:
    """One rep; a file that could not be read has its `error` and null figures (never zeros a script would add)."""
    bookings = rep.bookings
    said = {
        "workspace": str(rep.path), "seller": rep.seller, "name": rep.name, "kind": rep.kind or None,
        "open_deals": rep.open_deals, "pipeline_value": money(rep.pipeline), "weighted": money(rep.pipeline, weighted=True),
        "won": money(rep.won),
        "period": [rep.period[0].isoformat(), rep.period[1].isoformat()] if rep.period else None,
        "bookings_objective": None if bookings is None else {
            "title": bookings.title, "target": bookings.target, "current": bookings.current,
            "currency": bookings.currency},
        "deals_short_of_next_steps": rep.thin_deals, "overdue_actions": rep.overdue_actions,
        "commitments_open": rep.commitments_open, "commitments_late": rep.commitments_late,
        "last_one_on_one": rep.last_one_on_one.isoformat() if rep.last_one_on_one else None,
        "findings": rep.findings, "error": rep.error,
    }
    return said if rep.error is None else {**said, **dict.fromkeys(FIGURES)}


def totals_dict(totals: TeamTotals) -> dict[str, Any]:
    return {
        "reps": totals.reps, "unread": totals.failed, "open_deals": totals.open_deals,
        "pipeline_value": money(totals.pipeline), "weighted": money(totals.pipeline, weighted=True),
        "won": money(totals.won), "bookings_target": totals.bookings_target,
        "bookings_targets": dict(totals.bookings_targets),
        "deals_short_of_next_steps": totals.thin_deals,
        "overdue_actions": totals.overdue_actions, "commitments_open": totals.commitments_open,
        "commitments_late": totals.commitments_late, "findings": totals.findings,
        "weighted_by_close_month": [month_dict(bar) for bar in totals.months],
    }


def month_dict(bar: forecast.Bar) -> dict[str, Any]:
    value = {forecast.CURRENCY: round(bar.value, 2)} if bar.value or not bar.others else {}
    weighted = {forecast.CURRENCY: round(bar.weighted, 2)} if bar.value or not bar.others else {}
    for currency, v, w in bar.others:
        value[currency], weighted[currency] = round(v, 2), round(w, 2)
    return {"month": bar.label, "deals": bar.deals, "weighted": weighted, "value": value}


def rollup_dict(rollup: Rollup) -> dict[str, Any]:
    """{"reps": [...], "totals": {...}}, each rep with `error` null unless its file failed."""
    return {"reps": [rep_dict(r) for r in rollup.reps], "totals": totals_dict(rollup.totals)}
