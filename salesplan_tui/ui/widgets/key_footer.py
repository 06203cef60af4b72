"""Provides KeyFooter: the keys of the focused pane along the bottom, one widget redrawn in the frame they change."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widget import Widget

Key = tuple[str, str, str, bool]  # the key, as displayed, its description, enabled


class KeyFooter(Widget):
    """Draws what Textual's Footer draws (each action's first shown key and its description, the command palette's
    key on the right), as one line of one widget.

    Textual's Footer is a row of key widgets that it removes and mounts again whenever focus moves (twice per
    move), each new key's width then laying the screen out once more: a pane switch showed its new keys two or
    three frames after the pane. This footer works out the keys when the bindings change, redraws its one line
    only when they differ (in the frame of the change) and never changes size.
    """

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        padding-right: 1;  /* after the palette's key, as Textual's footer draws it */
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-footer--palette-border {
            color: $foreground 20%;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer-key--key", "footer-key--description", "key-footer--palette-border"}

    _keys: tuple[Key, ...] = ()
    _palette: Key | None = None
    _spans: list[tuple[int, int, Key]]  # where each key is drawn, for clicks

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self._spans = []

    def on_mount(self) -> None:
        # Immediate: the keys change in the same handler as the focus, so they are drawn in the same frame.
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        keys, palette = self._keys_shown(screen.active_bindings)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def _keys_shown(self, active: dict[str, ActiveBinding]) -> tuple[tuple[Key, ...], Key | None]:
        """What Textual's Footer shows: the first shown binding of each action, and the command palette's key."""
        app = self.app
        keys: dict[str, Key] = {}
        for _, binding, enabled, _ in active.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = (binding.key, app.get_key_display(binding), binding.description, enabled)
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, _ = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
        return tuple(keys.values()), palette

    def render(self) -> Text:
        """The keys from the left, cut where the palette's key starts on the right (as the Footer docks it)."""
        width = self.size.width
        base = self.rich_style
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        # Textual's keys pad the key by one cell each side and end the description with one; the palette's key is
        # drawn compact (no padding round the key, one before the description) behind a ▏, before the padding.
        palette = Text(end="")
        if self._palette is not None:
            _, shown, description, enabled = self._palette
            palette = _key_text(shown, f" {description}", key_style, description_style, base, enabled)
            border = self.get_component_styles("key-footer--palette-border").color
            background = self.background_colors[1]
            palette = Text.assemble(("▏", Style(color=(background + border).rich_color, bgcolor=background.rich_color)),
                                    palette, end="")
        line = Text(end="", no_wrap=True, overflow="crop")
        self._spans = []
        for key in self._keys:
            _, shown, description, enabled = key
            text = _key_text(f" {shown} ", f"{description} " if description else "", key_style, description_style,
                             base, enabled)
            self._spans.append((line.cell_len, line.cell_len + text.cell_len, key))
            line.append_text(text)
        room = max(0, width - palette.cell_len)
        line.truncate(room, pad=True)
        line.stylize_before(base, 0, len(line))
        if self._palette is not None:
            self._spans.append((room, width + 1, self._palette))
        line.append_text(palette)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as on Textual's footer (a disabled one rings the bell)."""
        for start, end, (key, _, _, enabled) in reversed(self._spans):
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return


def _key_text(shown: str, description: str, key_style: Style, description_style: Style, base: Style,
              enabled: bool) -> Text:
    """One key as a FooterKey renders it: the key in its style, then its description, over the footer's style."""
    text = Text.assemble((shown, key_style), (description, description_style), end="") if description else \
        Text.assemble((shown, key_style), end="")
    text.stylize_before(base + Style(dim=True) if not enabled else base)
    return text
