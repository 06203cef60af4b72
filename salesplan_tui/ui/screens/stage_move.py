"""Provides the stage-move dialog: the stage's exit criteria, each unticked until the seller confirms it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.text import assemble, shown

KEPT = "kept-stage-move"  # the name the app's one kept stage-move dialog is installed under (see stage_move_screen)


def stage_move_screen(app: App[object], move: str, criteria: Sequence[str], stage: str, playbook: Sequence[str] = (),
                      next_stage: str = "") -> StageMoveScreen:
    """The stage-move dialog to push: made once, then reset each time as a new one would be made (making it anew
    was most of the time shift+→ took to show it). One already open is not taken over: a new one is made."""
    if app.is_screen_installed(KEPT):
        kept = app.get_screen(KEPT)
        if isinstance(kept, StageMoveScreen) and kept.is_mounted and kept not in app.screen_stack:
            kept.reset(move, criteria, stage, playbook, next_stage)
            return kept
        return StageMoveScreen(move, criteria, stage, playbook, next_stage)
    dialog = StageMoveScreen(move, criteria, stage, playbook, next_stage)
    app.install_screen(dialog, KEPT)
    return dialog


class StageMoveScreen(ModalScreen[bool]):
    """Asks to move a deal on; with exit criteria, each must be ticked (space) before y moves it."""

    scope = "move"
    BINDINGS = bindings("move")

    def __init__(self, move: str, criteria: Sequence[str], stage: str, playbook: Sequence[str] = (),
                 next_stage: str = "") -> None:
        super().__init__()
        self._take(move, criteria, stage, playbook, next_stage)

    def _take(self, move: str, criteria: Sequence[str], stage: str, playbook: Sequence[str], next_stage: str) -> None:
        self.move = move
        self.criteria = list(criteria)
        self.stage = stage
        self.playbook = list(playbook)
        self.next_stage = next_stage

    def _intro(self) -> Content:
        return assemble("\n", f"To leave {self.stage}, these must be true (space ticks one you can confirm):")

    def _typical(self) -> Content:
        return assemble(f"\nTypical next steps in {self.next_stage}:", *[f"\n  • {p}" for p in self.playbook])

    def _question(self) -> Content:
        question = "All confirmed? Move it?" if self.criteria else "Move it?"
        return assemble((question, "bold"), ("   y yes · n no", "dim"))

    def compose(self) -> ComposeResult:
        # Every part is made, those with nothing to say hidden: a dialog kept for the next move shows them again.
        with Vertical(classes="dialog"):
            yield Static(shown("Move deal"), classes="dialog-title")
            yield Static(shown(self.move), id="move-what")
            yield Static(self._intro(), id="criteria-intro", classes="" if self.criteria else "hidden")
            yield SelectionList(*self._choices(), id="criteria", classes="" if self.criteria else "hidden")
            yield Static(self._typical(), id="playbook", classes="" if self.playbook else "hidden")
            yield Static(id="move-error", classes="error")
            yield Static(self._question(), id="move-question", classes="dialog-hint")

    def _choices(self) -> list[tuple[Content, int, bool]]:
        return [(shown(c), n, False) for n, c in enumerate(self.criteria)]

    def on_mount(self) -> None:
        if self.criteria:
            self.query_one("#criteria").focus()

    def reset(self, move: str, criteria: Sequence[str], stage: str, playbook: Sequence[str] = (),
              next_stage: str = "") -> None:
        """The dialog, already made, as a new one for this move would be: its words, criteria unticked, no message."""
        self._take(move, criteria, stage, playbook, next_stage)
        self.query_one("#move-what", Static).update(shown(self.move))
        self.query_one("#criteria-intro", Static).update(self._intro())
        listed = self.query_one("#criteria", SelectionList)
        listed.clear_options()
        listed.add_options(self._choices())
        if self.criteria:
            listed.action_first()  # on the first criterion, as a list made with them starts
        for part, shown_now in (("#criteria-intro", bool(self.criteria)), ("#criteria", bool(self.criteria)),
                                ("#playbook", bool(self.playbook))):
            self.query_one(part).set_class(not shown_now, "hidden")
        self.query_one("#playbook", Static).update(self._typical())
        error = self.query_one("#move-error", Static)
        error.update("")
        error.remove_class("shown")
        self.query_one("#move-question", Static).update(self._question())
        self.set_focus(listed if self.criteria else None, scroll_visible=False)

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
