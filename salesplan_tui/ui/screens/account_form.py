"""Provides the account form: the account and its strategic objective (next milestone, financial target, date)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Account
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.widgets.date_input import DateInput
from salesplan_tui.ui.widgets.text_box import TextBox


class AccountForm(FormScreen[Account]):
    """Adds or edits an account (seed 004: the strategic objective is the next phase of the relationship)."""

    def __init__(self, account: Account | None = None) -> None:
        super().__init__()
        self.account = account
        self.heading = "Edit account" if account else "New account"

    def fields(self) -> ComposeResult:
        a = self.account
        s = a.strategic if a else None
        yield self.field("name", "Account", TextBox(a.name if a else "", id="name"))
        yield self.field("milestone", "Strategic objective: the next milestone of the relationship",
                         TextBox(s.milestone if s else "", id="milestone", placeholder="e.g. Expand from the EU pilot to North America"))
        yield self.field("financial_target", "What it is worth", TextBox(
            f"{s.financial_target:g}" if s and s.financial_target is not None else "", id="financial_target",
            placeholder="e.g. 600000 or 600k"))
        yield self.field("by_date", "By", DateInput(s.by_date if s else None, self.today, id="by_date"))
        yield self.field("notes", "Notes", TextBox(a.notes if a else "", id="notes"))

    def submit(self) -> Change:
        errors: dict[str, str] = {}
        strategic = {
            "milestone": self.text("milestone"),
            "financial_target": self.number("financial_target", errors, required=False),
            "by_date": self.day("by_date", errors, required=False),
        }
        data: dict[str, Any] = {"name": self.text("name"), "strategic": strategic, "notes": self.text("notes")}
        if not data["name"]:
            errors["name"] = "Name the account."
        if errors:
            raise ValidationFailed(errors)
        if self.account:
            return plan_ops.edit(self.repo, self.account, **data)
        return plan_ops.add(self.repo, Account, **data)
