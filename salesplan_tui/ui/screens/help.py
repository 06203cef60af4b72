"""Provides the help screen: every key, read from the one list of actions, for the pane in use first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..actions import COMMANDS

TITLES = {"app": "Everywhere", "plan": "Plan", "board": "Pipeline", "review": "Review", "accounts": "Accounts"}
EXTRA = {
    "plan": [("↑ ↓ / j k", "Move"), ("enter", "Expand or collapse"), ("tab", "Plan health panel")],
    "board": [("← → / h l", "Move between stages"), ("↑ ↓", "Move between deals")],
    "review": [("enter", "Answer / confirm"), ("ctrl+s", "Skip an item with a reason"), ("escape", "Pause")],
    "app": [("ctrl+p", "Command palette"), ("escape", "Close a dialog")],
}


class HelpScreen(ModalScreen[None]):
    """The keys of the pane in use, then every other pane's."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def compose(self) -> ComposeResult:
        order = [self.scope] + [s for s in TITLES if s != self.scope]
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(Content.assemble(("salesplan keys", "bold $accent"), ("   escape closes", "dim")))
            for scope in order:
                rows = [(c.key_display or c.key.split(",")[0], c.description) for c in COMMANDS if c.scope == scope]
                rows += EXTRA.get(scope, [])
                parts: list[str | tuple[str, str]] = [(f"\n{TITLES[scope]}\n", "bold $primary")]
                for key, what in rows:
                    parts += [(f"  {key:<14}", "bold"), f"{what}\n"]
                yield Static(Content.assemble(*parts))
