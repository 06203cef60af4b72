"""Provides the import's dry run on screen: what each row would do, what was skipped or refused, then import or map."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import assemble, shown

IMPORT, MAP, SAME, NEW, OBJECTIVE, REOPEN = "import", "map", "same", "new", "objective", "reopen"


class ImportPreviewScreen(ModalScreen["str | None"]):
    """The dry run: y imports (when nothing is wrong), m changes how columns and stages are read, r reopens the deals
    closed here that the file has open (or keeps them closed again), n closes."""

    scope = "import"
    BINDINGS = bindings("import")

    def __init__(self, title: str, summary: Sequence[str], lines: Sequence[str], *, importable: bool,
                 unsure: bool = False, closed: int = 0, reopening: bool = False) -> None:
        super().__init__()
        self.closed = closed  # deals closed here that the file has open: r reopens them (or keeps them closed)
        self.reopening = reopening
        self.unsure = unsure  # the only rows refused may be deals here: s and c say what they are
        self.heading = title
        self.summary = list(summary)
        self.lines = list(lines)
        self.importable = importable

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="import-preview"):
            yield Static(shown(self.heading), classes="dialog-title")
            yield Static(shown("\n".join(self.summary), multiline=True), id="import-summary")
            with VerticalScroll(id="import-rows"):
                yield Static(shown("\n".join(self.lines), multiline=True))
            if self.importable:
                question = ("Import them (one step: ctrl+z takes it all back)?   y import · m map columns and stages "
                            f"· o objective{self._reopen_choice()} · n cancel")
            elif self.unsure:
                question = "Which are they?   s the closest deal here · c new deals · m map · n close"
            else:
                question = "Nothing can be imported until every row reads.   m map columns and stages · n close"
            yield Static(assemble((question, "bold")), classes="dialog-hint")

    def _reopen_choice(self) -> str:
        if not self.closed:
            return ""
        return f" · r keep {'it' if self.closed == 1 else 'them'} closed" if self.reopening else f" · r reopen {self._deals()} closed here"

    def _deals(self) -> str:
        return "the deal" if self.closed == 1 else f"the {self.closed} deals"

    def action_answer(self, choice: str) -> None:
        if choice == IMPORT and not self.importable:
            self.notify("Every row must read before anything is imported: m maps columns and stages.", timeout=4)
            return
        if choice in (SAME, NEW) and not self.unsure:
            self.notify("No row here is unsure: each is a deal here or a new one.", timeout=3)
            return
        if choice == REOPEN and not self.closed:
            self.notify("No deal closed here is open in the file: nothing to reopen.", timeout=3)
            return
        self.dismiss(choice or None)
