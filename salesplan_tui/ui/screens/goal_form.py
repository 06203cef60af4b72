"""Provides the goal form: a title, one of the three categories, and the period it covers."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.widgets import Select

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import CATEGORY_LABELS, Category, Goal
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.widgets.date_input import DateInput
from salesplan_tui.ui.widgets.text_box import TextBox


class GoalForm(FormScreen[Goal]):
    """Adds or edits a goal."""

    def __init__(self, goal: Goal | None = None, *, category: Category | None = None, today: dt.date) -> None:
        super().__init__()
        self.goal = goal
        self.category = goal.category if goal else category
        self.heading = "Edit goal" if goal else "New goal"
        self.start: dt.date | None = goal.period_start if goal else None
        self.end: dt.date | None = goal.period_end if goal else None

    def fields(self) -> ComposeResult:
        g = self.goal
        yield self.field("title", "Goal", TextBox(g.title if g else "", id="title",
                                                placeholder="What will you achieve this period?"))
        options = [(label, c.value) for c, label in CATEGORY_LABELS.items()]
        yield self.field("category", "Category", Select(options, id="category", prompt="Choose a category",
                                                         value=self.category.value if self.category else Select.NULL))
        start, end = (self.start, self.end) if self.goal else plan_ops.default_period(self.repo, self.today)
        # A period's start is usually past: it is a date, not a deadline, so it never reads as "late".
        yield self.field("period_start", "Period starts", DateInput(start, self.today, id="period_start", late=False))
        yield self.field("period_end", "Period ends", DateInput(end, self.today, id="period_end", late=False))
        yield self.field("description", "Why it matters (optional)", TextBox(g.description if g else "", id="description"))

    def submit(self) -> Change:
        errors: dict[str, str] = {}
        data = {
            "title": self.text("title"),
            "category": self.choice("category"),
            "period_start": self.day("period_start", errors),
            "period_end": self.day("period_end", errors),
            "description": self.text("description"),
        }
        if not data["title"]:
            errors["title"] = "Name the goal."
        if data["category"] is None:
            errors["category"] = "A goal needs a category: relationship, revenue or customer success."
        if errors:
            raise ValidationFailed(errors)
        return plan_ops.edit(self.repo, self.goal, **data) if self.goal else plan_ops.add(self.repo, Goal, **data)
