"""Provides the plan outline's labels: status marks, progress, owners and dates, as plain rich Text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text

from salesplan_tui.core.base.money_text import figure_of
from salesplan_tui.core.dates.day_words import describe
from salesplan_tui.core.model.records import CATEGORY_LABELS, Action, ActionStatus, Category, Goal, Objective
from salesplan_tui.ui.text import bar, join, plain

MARKS = {ActionStatus.OPEN: "☐", ActionStatus.DONE: "☑", ActionStatus.DROPPED: "✗"}


def category_label(category: Category, goals: int, *, writable: bool = True) -> Text:
    missing = "  ⚠ no goal yet" + (": press a" if writable else "")  # read-only, a is no key: only the gap is said
    note = (f"  {goals} goal{'s' if goals != 1 else ''}", "dim") if goals else (missing, "bold yellow")
    return join((CATEGORY_LABELS[category], "bold"), note)


def goal_label(goal: Goal, objectives: Sequence[Objective], *, writable: bool = True) -> Text:
    progress = sum(o.progress for o in objectives) / len(objectives) if objectives else 0.0
    missing = "  ⚠ no objective" + (": press a" if writable else "")
    tail = (f"  {bar(progress)} {progress:.0%}", "cyan") if objectives else (missing, "bold yellow")
    return join(("◆ ", "bold"), plain(goal.title, "bold dim" if goal.archived else "bold"), tail,
                ("  [archived]", "dim") if goal.archived else "")


def objective_label(objective: Objective, open_actions: int, today: dt.date) -> Text:
    amount = figure_of(objective.current, objective.target, objective.unit)  # as every screen and export says it
    missed = objective.due < today and not objective.met
    style = "red" if missed else ("green" if objective.met else "")
    warn = ("  ⚠ stuck: no open action", "yellow") if not open_actions and not objective.met else (
        f"  {open_actions} open", "dim")
    # What needs the seller comes first (stuck, due), so a narrow window cuts the progress figures, not them.
    return join(("● ", style or "bold"), plain(objective.title, "dim" if objective.archived else ""), warn,
                (f"  due {describe(objective.due, today)}", "red" if missed else "dim"),
                (f"  {bar(objective.progress, 8)} {objective.progress:.0%}", "cyan"), "  ", plain(amount, "dim"),
                ("  [archived]", "dim") if objective.archived else "")


def action_label(action: Action, today: dt.date) -> Text:
    overdue = action.is_open and action.due < today
    who = action.owner
    body_style = "dim strike" if action.status == ActionStatus.DROPPED else ("dim" if action.status != "open" or action.archived else "")
    return join(
        (MARKS[action.status] + " ", "bold red" if overdue else ""),
        plain(action.outcome, body_style),
        ("  ", ""), plain(who, "magenta"), (" → ", "dim"), plain(action.target, "dim"),
        (f"  due {describe(action.due, today)}" if action.is_open else f"  {action.status.value}", "bold red" if overdue else "dim"),
        (f"  slipped {len(action.slips)}×", "yellow") if action.slips else "",
        ("  [archived]", "dim") if action.archived else "",
    )
