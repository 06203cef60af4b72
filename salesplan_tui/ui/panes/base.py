"""Provides Pane: what every pane shares: the app's workspace, updating from the change event, and where focus goes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Container
from textual.widget import Widget
from textual.widgets import TabbedContent

from salesplan_tui.ui.access import WorkspaceAccess

if TYPE_CHECKING:
    from salesplan_tui.core.model.change import Changed
    from salesplan_tui.core.model.records import Kind


class Pane(WorkspaceAccess, Container):
    """A pane of the app. `reload()` redraws it from the workspace; a hidden pane is redrawn when next shown.

    Each pane lists the kinds of record it shows (`watches`); a change to anything else leaves it alone.
    """

    scope = "app"
    stale = True
    watches: tuple[Kind, ...] = ()

    def on_mount(self) -> None:
        self.sp.workspace_changed.subscribe(self, self._workspace_changed, immediate=True)
        self.app.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    @property
    def shown(self) -> bool:
        return self.parent is not None and self.app.query_one(TabbedContent).active == self.parent.id

    @property
    def covered(self) -> bool:
        """Whether a whole screen (the review walk, a deal) hides this pane's screen; a dialog over it does not."""
        top = self.app.screen
        return top is not self.screen and not top.is_modal

    def _workspace_changed(self, changed: Changed) -> None:
        if not changed.touches(*self.watches):
            return
        if self.shown and not self.covered:
            self.show_change(changed)
        else:
            # Hidden, or under a whole screen: each step of a review walk redrew the list of reviews no one saw.
            self.stale = True

    def _screen_changed(self, _screen: object) -> None:
        """Back from a screen that hid the visible pane: the changes made there are drawn in the same frame."""
        if self.stale and self.shown and not self.covered and self.is_mounted:
            self.reload()

    def show_change(self, changed: Changed) -> None:
        """Brings the visible pane up to date with a change; panes that can redraw less override it."""
        self.reload()

    def reload(self) -> None:
        self.stale = False

    def focus_main(self) -> None:
        """Puts the keyboard where the pane's work is."""

    def focus_now(self, widget: Widget) -> None:
        """Focuses a widget in this turn, where Widget.focus waits for the next one: a pane switch then draws the
        pane, the footer's keys and the focused widget's look in one frame instead of two."""
        if self.app.screen is self.screen:
            # Not scrolled to: a pane's main widget is in view, and before this frame's layout where it would
            # scroll to is not yet known.
            self.screen.set_focus(widget, scroll_visible=False)
        else:
            widget.focus()

    def findings_changed(self) -> None:
        """Called when the app has fresh plan findings (just after a change is shown)."""
