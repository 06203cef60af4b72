"""Provides KeyFooter: Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """The keys of the focused pane or widget along the bottom.

    Textual's footer rebuilds all its keys (a dozen widgets, and a layout) whenever focus moves or bindings may
    have changed: twice per focus change, and on every pane switch, card or column move. Most of those leave the
    same keys showing, so this one compares what it would show with what it shows and rebuilds only on a difference.
    """

    _showing: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        showing = self._keys_shown(screen)
        if showing != self._showing:
            self._showing = showing
            self.call_after_refresh(self.recompose)

    def _keys_shown(self, screen: Screen) -> tuple[object, ...]:
        """Everything `compose` reads from the bindings: keys as displayed, descriptions, actions, enabled, groups."""
        app = self.app
        return tuple(
            (key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip,
             binding.group, binding.show)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
