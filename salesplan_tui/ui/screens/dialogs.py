"""Provides small dialogs: pick one of many, say why, confirm, and a result to read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import assemble, shown
from salesplan_tui.ui.widgets.text_box import TextBox

V = TypeVar("V")


class PickScreen(ModalScreen["V | None"], Generic[V]):
    """Choose one of many, typing to narrow the list."""

    scope = "pick"
    BINDINGS = bindings("pick")

    def __init__(self, title: str, choices: Sequence[tuple[str, V]]) -> None:
        super().__init__()
        self.heading = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(shown(self.heading), classes="dialog-title")
            yield TextBox(placeholder="type to narrow", id="pick-filter", compact=True)
            yield OptionList(id="pick-list")
            yield Static(Content("enter picks · escape cancels"), classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        q = query.casefold()
        matching = [Option(shown(label), id=str(i)) for i, (label, _) in enumerate(self.choices) if q in label.casefold()]
        options.set_options(matching[:500])
        if matching:
            options.highlighted = 0

    @on(Input.Changed, "#pick-filter")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _pick_first(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            self._pick(options.get_option_at_index(options.highlighted or 0).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        if option_id is not None:
            self.dismiss(self.choices[int(option_id)][1])

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonScreen(ModalScreen["str | None"]):
    """Asks for a short text (a reason, a name); empty or refused answers keep the dialog open."""

    scope = "reason"
    BINDINGS = bindings("reason")

    def __init__(self, title: str, question: str, *, placeholder: str = "", value: str = "",
                 check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self.heading = title
        self.question = question
        self.placeholder = placeholder
        self.value = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(shown(self.heading), classes="dialog-title")
            yield Static(shown(self.question))
            yield TextBox(self.value, placeholder=self.placeholder, id="reason", compact=True)
            yield Static(id="reason-error", classes="error")
            yield Static(Content("enter saves · escape cancels"), classes="dialog-hint")

    @on(Input.Submitted, "#reason")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        problem = "Say why: a reason is required." if not text else (self.check(text) if self.check else None)
        if problem:
            self.query_one("#reason-error", Static).update(shown(problem))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """Shows what will happen and asks for a yes (y / enter) or no (n / escape)."""

    scope = "confirm"
    BINDINGS = bindings("confirm")

    def __init__(self, title: str, lines: Sequence[str], question: str = "Go ahead?") -> None:
        super().__init__()
        self.heading = title
        self.lines = list(lines)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(shown(self.heading), classes="dialog-title")
            for line in self.lines:
                yield Static(shown(line))
            yield Static(assemble((self.question, "bold"), ("   y yes · n no", "dim")), classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
