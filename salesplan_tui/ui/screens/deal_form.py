"""Provides the deal form: account, title, value, expected close (a later date is recorded as a slip), contacts."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Select, SelectionList

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Account, Contact, Deal, Objective
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.ui.deal_tidy import rates_of
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.screens.objective_form import typed
from salesplan_tui.ui.text import shown
from salesplan_tui.ui.widgets.date_input import DateInput
from salesplan_tui.ui.widgets.text_box import TextBox


class DealForm(FormScreen[Deal]):
    """Adds a deal at a stage, or edits one; the stage itself moves on the board."""

    def __init__(self, deal: Deal | None = None, *, stage: str | None = None) -> None:
        super().__init__()
        self.deal = deal
        self.stage = deal.stage if deal else stage
        self.heading = f"Edit deal · {deal.title}" if deal else f"New deal in {stage}"

    def fields(self) -> ComposeResult:
        d = self.deal
        accounts = [(shown(a.name), a.id) for a in self.repo.all(Account)]
        yield self.field("account_id", "Account", Select(accounts, id="account_id", prompt="Choose the account",
                                                         value=d.account_id if d else Select.NULL))
        yield self.field("new_account", "…or a new account", TextBox("", id="new_account",
                                                                        placeholder="its name, if it is not listed"))
        yield self.field("title", "Deal", TextBox(d.title if d else "", id="title", placeholder="e.g. Fabrikam: customs module"))
        yield self.field("value", "Value", TextBox(typed(d.value) if d else "", id="value", placeholder="e.g. 120000 or 120k"))
        yield self.field("currency", "Currency", TextBox(d.currency if d else "USD", id="currency", max_length=3))
        yield self.field("expected_close", "Expected close", DateInput(d.expected_close if d else None, self.today,
                                                                       id="expected_close"),
                         hint="pushing it later is recorded as a slip")
        yield self.field("slip_reason", "Why it moved (when pushed later)", TextBox("", id="slip_reason"))
        yield self.field("next_call_outcome", "Planned outcome of the next call with the customer",
                         TextBox(d.next_call_outcome if d else "", id="next_call_outcome",
                               placeholder="e.g. Marco agrees the decision date and who signs"))
        tied = d.objective_id if d else None
        # Open objectives (an archived one is done with), and the one the deal serves whatever it is now.
        objectives = [(shown(o.title), o.id) for o in self.repo.all(Objective, archived=True)
                      if not o.archived or o.id == tied]
        yield self.field("objective_id", "Objective it serves",
                         Select(objectives, id="objective_id", prompt="No objective",
                                value=tied if tied is not None else Select.NULL),
                         hint="winning it moves the objective's figure when that is counted from its deals")
        yield self.field("contact_ids", "Contacts (space to tick)",
                         SelectionList(*self._contacts(d.account_id if d else None, d.contact_ids if d else []),
                                       id="contact_ids"))
        yield self.field("new_contact", "Add a contact: name, role", TextBox("", id="new_contact",
                                                                         placeholder="e.g. Lena Fischer, procurement lead"))

    def _contacts(self, account_id: int | None, ticked: list[int]) -> list[tuple[Content, int, bool]]:
        """The account's own contacts (and those of no account): a deal's people come from the account it is with."""
        return [(shown(f"{c.name}, {c.role}" if c.role else c.name), c.id, c.id in ticked)
                for c in self.repo.all(Contact) if (c.account_id in (None, account_id) and account_id is not None)
                or c.id in ticked]

    @on(Select.Changed, "#account_id")
    def _account_chosen(self, event: Select.Changed) -> None:
        listing = self.query_one("#contact_ids", SelectionList)
        ticked = list(listing.selected)
        listing.clear_options()
        listing.add_options(self._contacts(event.value if isinstance(event.value, int) else None, ticked))

    def submit(self) -> Change:
        errors: dict[str, str] = {}
        data: dict[str, Any] = {
            "account_id": self.choice("account_id"),
            "title": self.text("title"),
            "value": self.number("value", errors),
            "currency": self.text("currency").upper() or "USD",
            "next_call_outcome": self.text("next_call_outcome"),
            "contact_ids": list(self.query_one("#contact_ids", SelectionList).selected),
            "objective_id": self.choice("objective_id"),
        }
        close = self.day("expected_close", errors)
        new_account = self.text("new_account")
        if data["account_id"] is None and not new_account:
            errors["account_id"] = "Which account is it with? Choose one, or type a new one below."
        if not data["title"]:
            errors["title"] = "Name the deal."
        if errors:
            raise ValidationFailed(errors)
        assert close is not None  # a required date: missing or unreadable, it is an error above
        name, _, role = self.text("new_contact").partition(",")
        new_contact = (name, role) if name.strip() else None
        clock = self.sp.clock
        rates = rates_of(self.sp)
        if self.deal:
            return deal_ops.edit_deal(self.repo, clock, self.deal, expected_close=close,
                                      slip_reason=self.text("slip_reason"), new_contact=new_contact,
                                      new_account=new_account, rates=rates, **data)
        return deal_ops.add_deal(self.repo, clock, stage=self.stage or "", new_contact=new_contact,
                                 new_account=new_account, expected_close=close, rates=rates, **data)
