"""Provides FormScreen: a modal form with a message under each field that is wrong; nothing saves until all are right."""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from ...core.storage import StorageError, ValidationFailed
from ..access import WorkspaceAccess
from ..widgets.date_input import DateInput

R = TypeVar("R")


class FieldErrors(Exception):
    """Problems found before saving, by field name."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class FormScreen(WorkspaceAccess, ModalScreen["R | None"], Generic[R]):
    """Subclasses yield their fields from `fields()` and store the record in `submit()`."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save", priority=True)]
    heading = "Edit"

    def fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Static(Content(self.heading), classes="dialog-title")
            yield from self.fields()
            yield Static(id="form-error", classes="error")
            yield Static(Content("ctrl+s saves · escape cancels · tab moves between fields"), classes="dialog-hint")

    def field(self, name: str, label: str, widget: Widget, hint: str = "") -> Vertical:
        """One labelled field on a line, with its hint and room for its error message underneath."""
        children: list[Widget] = [Horizontal(Label(Content(label), classes="field-label"), widget, classes="field-row")]
        if hint:
            children.append(Static(Content(hint), classes="field-hint"))
        children.append(Static(id=f"{name}-error", classes="error"))
        return Vertical(*children, classes="field", id=f"{name}-field")

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            widget.compact = True  # type: ignore[attr-defined]

    # ----- reading fields ----------------------------------------------------------------------

    def text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def number(self, widget_id: str, errors: dict[str, str], *, required: bool = True) -> float | None:
        raw = self.text(widget_id).replace(",", "").replace("$", "")
        if not raw:
            if required:
                errors[widget_id] = "A number is required."
            return None
        try:
            return float(raw.removesuffix("k")) * (1000 if raw.endswith("k") else 1)
        except ValueError:
            errors[widget_id] = f"{raw!r} is not a number."
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

    def submit(self) -> R:
        raise NotImplementedError

    def show_errors(self, errors: dict[str, str]) -> None:
        for static in self.query(".error"):
            cast(Static, static).update("")
            static.remove_class("shown")
        general = []
        for name, message in errors.items():
            found = self.query(f"#{name}-error")
            if found:
                cast(Static, found.first()).update(Content(message))
                found.first().add_class("shown")
            else:
                general.append(message)
        self.query_one("#form-error", Static).update(Content("\n".join(general)))
        self.query_one("#form-error").set_class(bool(general), "shown")
        first = next((n for n in errors if self.query(f"#{n}")), None)
        if first:
            target = self.query_one(f"#{first}")
            (target.query(Input).first() if isinstance(target, DateInput) else target).focus()

    def action_save(self) -> None:
        try:
            result = self.submit()
        except FieldErrors as e:
            self.show_errors(e.errors)
            return
        except ValidationFailed as e:
            parts = str(e).split("; ")
            errors = {}
            for i, part in enumerate(parts):
                name = e.fields[i] if i < len(e.fields) and e.fields[i] else f"general{i}"
                errors[name] = part.split(": ", 1)[-1].capitalize() if not name.startswith("general") else part
            self.show_errors(errors)
            return
        except StorageError as e:
            self.show_errors({"form": str(e)})
            return
        self.sp.refresh_workspace()
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
