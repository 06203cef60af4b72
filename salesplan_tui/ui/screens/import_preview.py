"""Provides the import's dry run on screen: what each row would do, what was skipped or refused, then import or map."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import assemble, shown

IMPORT, MAP, SAME, NEW, OBJECTIVE = "import", "map", "same", "new", "objective"


class ImportPreviewScreen(ModalScreen["str | None"]):
    """The dry run: y imports (when nothing is wrong), m changes how columns and stages are read, n closes."""

    scope = "import"
    BINDINGS = bindings("import")

    def __init__(self, title: str, summary: Sequence[str], lines: Sequence[str], *, importable: bool,
                 unsure: bool = False) -> None:
        super().__init__()
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
                            "· o objective · n cancel")
            elif self.unsure:
                question = "Which are they?   s the closest deal here · c new deals · m map · n close"
            else:
                question = "Nothing can be imported until every row reads.   m map columns and stages · n close"
            yield Static(assemble((question, "bold")), classes="dialog-hint")

    def action_answer(self, choice: str) -> None:
        if choice == IMPORT and not self.importable:
            self.notify("Every row must read before anything is imported: m maps columns and stages.", timeout=4)
            return
        if choice in (SAME, NEW) and not self.unsure:
            self.notify("No row here is unsure: each is a deal here or a new one.", timeout=3)
            return
        self.dismiss(choice or None)
