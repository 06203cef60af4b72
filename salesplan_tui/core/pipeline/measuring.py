"""Provides with_measures(): a change to deals carries the objectives they are counted in, their figures counted again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from salesplan_tui.core.model.change import Change, WorkspaceView
from salesplan_tui.core.model.records import Deal, SalesProcess
from salesplan_tui.core.plan.measured import remeasured


def with_measures(view: WorkspaceView, at: dt.datetime, change: Change, *,
                  rates: Mapping[str, float] | None = None, process: SalesProcess | None = None,
                  also: Iterable[int | None] = ()) -> Change:
    """The change with every objective measured from the pipeline that its deals count in (before or after it)
    counted again, in the same write and the same undo step; what could not be counted is added to its warning.
    `process` is the sales process the change saves (counted with in place of the stored one), and `also` the
    objectives it touches without changing their deals (a stage that became won or lost)."""
    deals = [r for r in change.records if isinstance(r, Deal)]
    ids: set[int | None] = {d.objective_id for d in deals} | set(also)
    for deal in deals:
        stored = view.get(Deal, deal.id)
        if stored is not None:
            ids.add(stored.objective_id)
    objectives, note = remeasured(view, at, ids, deals, rates=rates, process=process)
    if not objectives and not note:
        return change
    warning = "; ".join(w for w in (change.warning, note) if w)
    return replace(change, records=(*change.records, *objectives), warning=warning)
