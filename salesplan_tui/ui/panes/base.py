"""Provides Pane: what every pane shares: the app's workspace, lazy reloading and where focus goes."""

from __future__ import annotations

from textual.containers import Container

from ..access import WorkspaceAccess


class Pane(WorkspaceAccess, Container):
    """A pane of the app. `reload()` redraws it from the workspace; `stale` marks it for redrawing when shown."""

    scope = "app"
    stale = True

    def reload(self) -> None:
        self.stale = False

    def focus_main(self) -> None:
        """Puts the keyboard where the pane's work is."""

    def findings_changed(self) -> None:
        """Called when the app has fresh plan findings (just after a change is shown)."""
