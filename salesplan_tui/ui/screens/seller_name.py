"""Provides the question asked once on a workspace with no seller's name: whose plan is this? (escape: later)."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import shown
from salesplan_tui.ui.widgets.text_box import TextBox


class SellerName(WorkspaceAccess, ModalScreen[bool]):
    """One box for the seller's name, saved through the one apply path; escape leaves it for later and never blocks
    the app (it is asked again the next time the app opens this workspace). Dismissed with True once saved."""

    scope = "seller"
    BINDINGS = bindings("seller")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="seller-name"):
            yield Static(Content("Whose plan is this?"), classes="dialog-title")
            yield Static(Content("Your name as your manager and team know you. Reviews, one-on-ones, exports and a "
                                 "manager's `salesplan team` say it where the plan says “me”."), classes="field-hint")
            yield TextBox(self.repo.workspace.seller, placeholder="e.g. Alex Morgan", id="seller")
            yield Static(id="seller-error", classes="error")
            yield Static(Content("enter saves · escape: later (asked again next time)"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#seller").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        from salesplan_tui.core.plan.seller_ops import set_seller

        name = cast(Input, self.query_one("#seller")).value
        saved = self.sp.apply(lambda: set_seller(self.repo.workspace, name), on_refused=self._refused)
        if saved is not None:
            self.dismiss(True)

    def _refused(self, refused: ValidationFailed) -> None:
        message = next(iter(refused.errors.values()), "")
        error = self.query_one("#seller-error", Static)
        error.update(shown(message[:1].upper() + message[1:]))
        error.add_class("shown")

    def action_later(self) -> None:
        self.dismiss(False)
