"""Provides RepApp: the app itself on one rep's workspace, read-only, where escape goes back to the team."""

from __future__ import annotations

from pathlib import Path

from textual.dom import DOMNode

from salesplan_tui.core.base.visible import visible
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.team.read_only_keys import writes


class RepApp(SalesplanApp):
    """A rep's pipeline, plan, agenda, past one-on-ones and "since last time", as the rep's own app shows them, on a
    workspace opened read-only (nothing can be changed): its footer and help show only the keys that work here, and
    "me" is the rep by name. Escape, where nothing else takes it, returns to the team; ctrl+q leaves both."""

    CSS_PATH = str(Path(__file__).parent.parent / SalesplanApp.CSS_PATH)  # else Textual looks beside this module
    BINDINGS = bindings("rep")  # Textual adds the app's own (SalesplanApp.BINDINGS) to these
    back_to_team = False

    async def on_mount(self) -> None:  # the base class's handler is async: its override must be too
        # Textual runs SalesplanApp.on_mount too (after this one, by the class order): the titles are set once it ran.
        self.call_later(self._titles)

    def _titles(self) -> None:
        workspace = self.repo.workspace
        named = not workspace.seller or workspace.seller.casefold() in workspace.name.casefold()
        self.title = visible(workspace.name if named else f"{workspace.seller} · {workspace.name}")
        self.sub_title = "read-only · t: since last time · escape: back to the team"

    def _check_action_state(self, action: str, default_namespace: DOMNode) -> bool | None:
        # Textual asks this of every binding it lists (footer, F1 help): a key that would change the workspace is
        # left out of them here. Pressed anyway, its own action says in one line that this window is read-only.
        if writes(action):
            return False
        return super()._check_action_state(action, default_namespace)

    def action_since_last(self) -> None:
        from salesplan_tui.ui.team.since_screen import SinceLastTime

        if not isinstance(self.screen, SinceLastTime):
            self.push_screen(SinceLastTime())

    def action_back_to_team(self) -> None:
        if len(self.screen_stack) > 1:  # a screen of its own is open: escape is its to close (help, a deal)
            self.screen.dismiss(None)
            return
        self.back_to_team = True
        self.exit()
