"""Provides the stage-move dialog: the stage's exit criteria, each unticked until the seller confirms it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import assemble, shown


class StageMoveScreen(ModalScreen[bool]):
    """Asks to move a deal on; with exit criteria, each must be ticked (space) before y moves it."""

    scope = "move"
    BINDINGS = bindings("move")

    def __init__(self, move: str, criteria: Sequence[str], stage: str, playbook: Sequence[str] = (),
                 next_stage: str = "") -> None:
        super().__init__()
        self.move = move
        self.criteria = list(criteria)
        self.stage = stage
        self.playbook = list(playbook)
        self.next_stage = next_stage

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(shown("Move deal"), classes="dialog-title")
            yield Static(shown(self.move))
            if self.criteria:
                yield Static(assemble("\n", f"To leave {self.stage}, these must be true (space ticks one you can "
                                            "confirm):"))
                yield SelectionList(*[(shown(c), n, False) for n, c in enumerate(self.criteria)], id="criteria")
            if self.playbook:
                yield Static(assemble(f"\nTypical next steps in {self.next_stage}:",
                                      *[f"\n  • {p}" for p in self.playbook]))
            yield Static(id="move-error", classes="error")
            question = "All confirmed? Move it?" if self.criteria else "Move it?"
            yield Static(assemble((question, "bold"), ("   y yes · n no", "dim")), classes="dialog-hint")

    def on_mount(self) -> None:
        if self.criteria:
            self.query_one("#criteria").focus()

    def unconfirmed(self) -> list[str]:
        """The criteria not ticked yet."""
        if not self.criteria:
            return []
        ticked = set(self.query_one("#criteria", SelectionList).selected)
        return [c for n, c in enumerate(self.criteria) if n not in ticked]

    def action_answer(self, yes: bool) -> None:
        left = self.unconfirmed() if yes else []
        if left:  # a criterion not confirmed is not met: the deal stays where it is
            error = self.query_one("#move-error", Static)
            count = "1 criterion is" if len(left) == 1 else f"{len(left)} criteria are"
            error.update(shown(f"{count} not confirmed yet: tick each that is true (space), or n to leave the deal "
                               f"in {self.stage}."))
            error.add_class("shown")
            return
        self.dismiss(yes)
