"""Provides the operations on the plan's records: add and edit goals, objectives and accounts, archive, move."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any, TypeVar

from salesplan_tui.core.base.clock import now
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.base.money_text import money_problem
from salesplan_tui.core.model.change import Change, WorkspaceView, new, revise
from salesplan_tui.core.model.records import Account, Action, Category, Contact, Goal, Measure, Objective, Record
from salesplan_tui.core.plan.measured import measure_problem, remeasured
from salesplan_tui.core.plan.smart import due_problem

R = TypeVar("R", bound=Record)
NAMES = {Goal: "goal", Objective: "objective", Action: "action", Account: "account", Contact: "contact"}


def add(view: WorkspaceView, model: type[R], **fields: Any) -> Change:
    """A new goal, objective, account or contact (actions and deals have their own: they carry more rules)."""
    record = new(view, model, **fields)
    _check(view, record)
    return Change(f"add {NAMES[model]}", (record,), "Saved.")


def edit(view: WorkspaceView, record: R, *, at: dt.datetime | None = None,
         rates: Mapping[str, float] | None = None, **fields: Any) -> Change:
    """The record with new fields; `at` dates a change of a tracked number (an objective's current figure).

    An objective measured from the pipeline (measured_by other than manual) has its current figure counted from its
    deals, at once and then by every change to them; typing a figure for it is refused (make it manual first).
    """
    if isinstance(record, Objective) and "current" in fields and fields["current"] != record.current and Measure(
            fields.get("measured_by", record.measured_by)) != Measure.MANUAL:
        raise ValidationFailed.on("current", "this figure is counted from the objective's deals; "
                                             "measure it by hand (manual) to type it")
    changed: Record = revise(record, at=at, **fields)
    _check(view, changed)
    warning = ""
    if isinstance(changed, Objective) and changed.measured_by != Measure.MANUAL:
        measured, warning = remeasured(view, at or now(), [changed.id], objectives=[changed], rates=rates)
        changed = measured[0] if measured else changed
    return Change(f"edit {NAMES[type(record)]}", (changed,), "Saved.", warning)


def _check(view: WorkspaceView, record: Record) -> None:
    """The rules a single field cannot check: an objective is due inside its goal's period, its figures are within
    the largest amount kept, and one measured from the pipeline is counted in money when it sums money."""
    if isinstance(record, Objective):
        for name in ("target", "baseline", "current"):
            if too_big := money_problem(getattr(record, name), name):
                raise ValidationFailed.on(name, too_big)
        goal = view.get(Goal, record.goal_id)
        if goal is None:
            raise ValidationFailed.on("goal_id", f"there is no goal {record.goal_id}")
        if late := due_problem(record.due, goal):
            raise ValidationFailed.on("due", late)
        if unmeasurable := measure_problem(record):
            raise ValidationFailed.on("measured_by", unmeasurable)


def default_period(view: WorkspaceView, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period a new goal most likely covers: the one most current goals share (the seller's fiscal year),
    else the calendar year, or the next one when this one has under six weeks left."""
    periods = Counter((g.period_start, g.period_end) for g in view.all(Goal) if g.period_end >= today)
    if periods:
        return periods.most_common(1)[0][0]
    year = today.year + (1 if (dt.date(today.year, 12, 31) - today).days < 42 else 0)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def toggle_archived(record: R) -> Change:
    """Archives a record, or brings an archived one back; ctrl+z undoes either."""
    name = NAMES[type(record)]
    if record.archived:
        return Change(f"restore {name}", (revise(record, archived=False),), "Restored from the archive.")
    return Change(f"archive {name}", (revise(record, archived=True),), "Archived. ctrl+z brings it back.")


def move(view: WorkspaceView, record: Goal | Objective | Action, *, to: Category | int | None) -> Change:
    """A goal to another category, an objective under another goal, an action under another objective (or none)."""
    if isinstance(record, Goal):
        changed: Record = revise(record, category=Category(str(to)))
    elif isinstance(record, Objective):
        goal = view.get(Goal, to if isinstance(to, int) else None)
        if goal is None:
            raise ValidationFailed.on("goal_id", "choose the goal to move it under")
        changed = revise(record, goal_id=goal.id)
        _check(view, changed)
    else:
        if to is not None and view.get(Objective, int(to)) is None:
            raise ValidationFailed.on("objective_id", f"there is no objective {to}")
        changed = revise(record, objective_id=to)
    return Change(f"move {NAMES[type(record)]}", (changed,), "Moved.")
