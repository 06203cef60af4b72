"""Provides the contact form: a person at an account, with their role, e-mail (checked) and phone (as typed)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Select

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Account, Contact
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.text import shown
from salesplan_tui.ui.widgets.text_box import TextBox


class ContactForm(FormScreen[Contact]):
    """Adds or edits a contact; a deal then lists the contacts of its own account."""

    def __init__(self, contact: Contact | None = None, *, account_id: int | None = None) -> None:
        super().__init__()
        self.contact = contact
        self.account_id = contact.account_id if contact else account_id
        self.heading = "Edit contact" if contact else "New contact"

    def fields(self) -> ComposeResult:
        c = self.contact
        yield self.field("name", "Name", TextBox(c.name if c else "", id="name", placeholder="e.g. Lena Fischer"))
        yield self.field("role", "Role", TextBox(c.role if c else "", id="role", placeholder="e.g. procurement lead"))
        yield self.field("email", "E-mail", TextBox(c.email if c else "", id="email", placeholder="name@company.com"))
        yield self.field("phone", "Phone", TextBox(c.phone if c else "", id="phone", placeholder="as you dial it"))
        accounts = [(shown(a.name), a.id) for a in self.repo.all(Account)]
        yield self.field("account_id", "Account", Select(accounts, id="account_id", prompt="No account",
                                                         value=self.account_id if self.account_id else Select.NULL))

    def submit(self) -> Change:
        data = {"name": self.text("name"), "role": self.text("role"), "email": self.text("email"),
                "phone": self.text("phone"), "account_id": self.choice("account_id")}
        if not data["name"]:
            raise ValidationFailed({"name": "Name the contact."})
        return plan_ops.edit(self.repo, self.contact, **data) if self.contact else plan_ops.add(self.repo, Contact, **data)
