"""Provides the SMART checks of an objective: time-bound inside its goal, and a warning when it looks unattainable."""

from __future__ import annotations

import datetime as dt

from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.model.records import Goal

JUMP_LIMIT = 3.0  # a target more than 3x the baseline is worth a second look
PACE_LIMIT = 3.0  # needing 3x the pace achieved so far is worth a second look


def due_problem(due: dt.date, goal: Goal) -> str | None:
    if not goal.period_start <= due <= goal.period_end:
        return (f"The due date must fall inside the goal's period "
                f"({day_label(goal.period_start)} to {day_label(goal.period_end)}).")
    return None


def realism_warning(baseline: float, current: float, target: float, due: dt.date, today: dt.date,
                    period_start: dt.date) -> str | None:
    """A warning (never a refusal) when the target looks out of reach from the baseline or the pace so far."""
    if target == baseline:
        return "The target equals the baseline: what will change?"
    if baseline > 0 and target / baseline > JUMP_LIMIT:
        return f"That is {target / baseline:.1f}x the baseline. Attainable and realistic?"
    elapsed = (today - period_start).days
    left = (due - today).days
    if elapsed > 0 and left > 0 and current != baseline:
        pace = (current - baseline) / elapsed
        needed = (target - current) / left
        if pace > 0 and needed / pace > PACE_LIMIT:
            return f"It needs {needed / pace:.1f}x the pace so far to reach {target:g} by {day_label(due, today)}."
    if left < 0 and current < target:
        return "The due date has passed and the target is not reached."
    return None
