"""Provides the help screen: the keys live on the screen in use, then every other scope's, read from the one registry."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from salesplan_tui.core.base.visible import visible
from salesplan_tui.ui.actions import BY_ID, COMMANDS, SCOPES, bindings, key_label
from salesplan_tui.ui.text import assemble

KEY_WIDTH = 16


EVERYWHERE = {c.id for c in COMMANDS if c.scope == "app"}  # listed in their own section
SCROLLING = ("scroll_", "page_left", "page_right")  # a widget's own scrolling keys: noise in a list of what to do


def live_rows(active: Mapping[str, ActiveBinding]) -> list[tuple[str, str]]:
    """The keys that work where help was asked for, as the user's keymap has them: salesplan's own first, then the
    widget's (moving about), leaving out a text box's editing keys and scrolling."""
    rows: dict[str, list[str]] = {}
    ours = sorted(active.items(), key=lambda item: item[1].binding.id not in BY_ID)
    for key, found in ours:
        binding = found.binding
        if (not binding.description or not found.enabled or binding.id in EVERYWHERE
                or (isinstance(found.node, (Input, TextArea)) and binding.id not in BY_ID)  # a box's editing keys
                or binding.action.startswith(SCROLLING)):
            continue
        rows.setdefault(binding.description, [])
        label = binding.key_display or key
        if label not in rows[binding.description]:
            rows[binding.description].append(label)
    return [(_keys(keys), what) for what, keys in rows.items()]


def _keys(keys: list[str]) -> str:
    """Keys that do one thing, as one label: "up / k", or "1 … 9" for a run of them (the offers' digits)."""
    return " / ".join(keys) if len(keys) < 4 else f"{keys[0]} … {keys[-1]}"


def _merged(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One row for keys that do the same thing ("1 … 9  Complete the answer with that offer")."""
    keys: dict[str, list[str]] = {}
    for key, what in rows:
        keys.setdefault(what, []).append(key)
    return [(_keys(k), what) for what, k in keys.items()]


class HelpScreen(ModalScreen[None]):
    """The keys of the screen or pane in use (live, so remapped keys show as remapped), then every other scope's."""

    scope = "help"
    BINDINGS = bindings("help")

    def __init__(self, scope: str, active: Mapping[str, ActiveBinding]) -> None:
        super().__init__()
        self.for_scope = scope
        self.active = active

    def compose(self) -> ComposeResult:
        keymap = getattr(self.app, "keymap", {})  # the user's keymap as the app set it
        here = SCOPES.get(self.for_scope, SCOPES["app"]).title
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(assemble(("salesplan keys", "bold $accent"), ("   escape closes", "dim")))
            yield self._section(f"Here: {here}", live_rows(self.active))
            for scope, about in SCOPES.items():
                if scope in (self.for_scope, "help"):
                    continue
                rows = _merged([(key_label(c, keymap), c.description) for c in COMMANDS if c.scope == scope])
                if scope == "app":
                    rows.append(("ctrl+p", "Command palette"))
                yield self._section(about.title, rows)
            yield Static(assemble(
                ("\nRemap any key in keymap.toml in the config folder, by its id, e.g. ", "dim"),
                (f'"{BY_ID["walk.skip"].id}" = "ctrl+k"', "bold")))

    @staticmethod
    def _section(title: str, rows: list[tuple[str, str]]) -> Static:
        parts: list[str | tuple[str, str]] = [(f"\n{title}\n", "bold $primary")]
        for key, what in rows:
            parts += [(f"  {visible(key):<{KEY_WIDTH}} ", "bold"), f"{what}\n"]  # keys may come from keymap.toml
        return Static(assemble(*parts))
