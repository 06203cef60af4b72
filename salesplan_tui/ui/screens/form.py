"""Provides FormScreen: a modal form with a message under each field that is wrong; nothing saves until all are right."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.change import Change
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import shown
from salesplan_tui.ui.widgets.date_input import DateInput

R = TypeVar("R")


class FormScreen(WorkspaceAccess, ModalScreen["R | None"], Generic[R]):
    """Subclasses yield their fields from `fields()` and say what saving changes in `submit()`; the app writes it."""

    scope = "form"
    BINDINGS = bindings("form")
    # The keyboard starts in the first field as the form is made: left to Textual, it went to the scrolling form
    # first and moved on a turn later, and each move restyled every widget of the form.
    AUTO_FOCUS = ".field *"
    heading = "Edit"

    def fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Static(shown(self.heading), classes="dialog-title")
            yield from self.fields()
            yield Static(id="form-error", classes="error")
            yield Static(Content("ctrl+s saves · escape cancels · tab moves between fields"), classes="dialog-hint")

    def field(self, name: str, label: str, widget: Widget, hint: str = "") -> Vertical:
        """One labelled field on a line, with its hint and room for its error message underneath."""
        if isinstance(widget, (Input, Select)):
            widget.compact = True  # before it is styled: set once mounted, it restyled each box (see on_mount)
        children: list[Widget] = [Horizontal(Label(shown(label), classes="field-label"), widget, classes="field-row")]
        if hint:
            children.append(Static(shown(hint), classes="field-hint"))
        children.append(Static(id=f"{name}-error", classes="error"))
        return Vertical(*children, classes="field", id=f"{name}-field")

    def on_mount(self) -> None:
        for box in self.query(Input):
            box.compact = True  # the boxes inside a field's widget (a date's); the others are compact already
        for select in self.query(Select):
            select.compact = True
        self.focus_first_field()

    def focus_first_field(self) -> None:
        """The keyboard starts in the first box, so the first characters typed land in it."""
        for field in self.query(".field"):
            focusable = [w for w in field.query("*") if w.can_focus]
            if focusable:
                focusable[0].focus()
                return

    # ----- reading fields ----------------------------------------------------------------------

    def text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def number(self, widget_id: str, errors: dict[str, str], *, required: bool = True) -> float | None:
        from salesplan_tui.core.exchange.crm.money import typed_amount  # money as the import reads it: $1.5M, 120k

        raw = self.text(widget_id)
        if not raw:
            if required:
                errors[widget_id] = "A number is required."
            return None
        try:
            return typed_amount(raw, widget_id)
        except ValidationFailed as e:
            errors[widget_id] = e.errors.get(widget_id, str(e))
            return None

    def day(self, widget_id: str, errors: dict[str, str], *, required: bool = True) -> dt.date | None:
        widget = self.query_one(f"#{widget_id}", DateInput)
        if not widget.text.strip():
            if required:
                errors[widget_id] = "A date is required: try 'Friday', 'Dec 4' or 'end of Q1'."
            return None
        if widget.value is None:
            errors[widget_id] = f"{widget.text!r} is not a date: try 'Friday', 'Dec 4', 'in 10 days' or 'end of Q1'."
        return widget.value

    def choice(self, widget_id: str) -> Any:
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value

    # ----- saving ------------------------------------------------------------------------------

    def submit(self) -> Change:
        """The change this form makes; raises ValidationFailed naming the fields that are wrong."""
        raise NotImplementedError

    def clear_error(self, name: str) -> None:
        """Takes a field's message away once what it asked for is done (a sentence now accepted, say)."""
        for found in self.query(f"#{name}-error"):
            cast(Static, found).update("")
            found.remove_class("shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        """A date field's message goes once it holds a day again: the message was about words no longer there."""
        field = next((a for a in event.input.ancestors if isinstance(a, DateInput)), None)
        if field is not None and field.id and field.value is not None:
            self.clear_error(field.id)

    def show_errors(self, errors: dict[str, str]) -> None:
        for static in self.query(".error"):
            cast(Static, static).update("")
            static.remove_class("shown")
        general = []
        # A field inside a record's part ("strategic.financial_target") is shown under its own box.
        errors = {name.rsplit(".", 1)[-1]: message for name, message in errors.items()}
        for name, message in errors.items():
            found = self.query(f"#{name}-error") if name.isidentifier() else None
            if found:
                cast(Static, found.first()).update(shown(message[:1].upper() + message[1:]))
                found.first().add_class("shown")
            else:
                general.append(f"{name}: {message}" if name else message)
        self.query_one("#form-error", Static).update(shown("\n".join(general), multiline=True))
        self.query_one("#form-error").set_class(bool(general), "shown")
        # The first field in error as the form lays them out, not in the order the checks ran.
        order = [f.id.removesuffix("-field") for f in self.query(".field") if f.id]
        first = next((n for n in order if n in errors), None)
        if first:
            target = self.query_one(f"#{first}")
            (target.query(Input).first() if isinstance(target, DateInput) else target).focus()

    def action_save(self) -> None:
        try:
            change = self.submit()
        except ValidationFailed as e:
            self.show_errors(e.errors)
            return
        saved = self.sp.apply(change, on_refused=lambda e: self.show_errors(e.errors))
        if saved is not None:
            self.dismiss(cast("R", saved.records[0]))  # the record the form is about comes first

    def action_cancel(self) -> None:
        self.dismiss(None)
