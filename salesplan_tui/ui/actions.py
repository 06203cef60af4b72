"""Provides the one list of every action: its key, what it does and where it applies (footer, help, palette)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    """One thing a user can do: the key, the action it runs, what it does, and where."""

    scope: str  # "app", "plan", "board", "review", "accounts"
    key: str
    action: str
    description: str
    show: bool = True
    key_display: str | None = None
    palette: bool = True

    @property
    def id(self) -> str:
        """The name a keymap uses: 'plan.add', 'board.next_step', 'app.pipeline'."""
        return f"{self.scope}.{self.description.lower().replace(' ', '_').replace('$', '')}"


COMMANDS: list[Command] = [
    Command("app", "1", "app.show_pane('plan')", "Plan", key_display="1"),
    Command("app", "2", "app.show_pane('pipeline')", "Pipeline", key_display="2"),
    Command("app", "3", "app.show_pane('review')", "Review", key_display="3"),
    Command("app", "4", "app.show_pane('agenda')", "Agenda", key_display="4"),
    Command("app", "5", "app.show_pane('accounts')", "Accounts", key_display="5"),
    Command("app", "ctrl+z", "app.undo", "Undo"),
    Command("app", "f1", "app.help", "Help", key_display="F1"),
    Command("app", "ctrl+q", "app.quit", "Quit"),
    Command("plan", "a", "add", "Add"),
    Command("plan", "e", "edit", "Edit"),
    Command("plan", "space", "toggle_done", "Done", key_display="space"),
    Command("plan", "x", "archive", "Archive"),
    Command("plan", "m", "move", "Move"),
    Command("plan", "slash", "filter", "Filter", key_display="/"),
    Command("plan", "A", "toggle_archived", "Show archived", show=False),
    Command("plan", "o", "edit_notes", "Notes in $EDITOR", show=False),
    Command("plan", "j", "cursor_down", "Down", show=False, palette=False),
    Command("plan", "k", "cursor_up", "Up", show=False, palette=False),
    Command("plan", "h", "focus_health", "Plan health", show=False),
    Command("board", "h,left", "column(-1)", "Previous column", show=False, palette=False),
    Command("board", "l,right", "column(1)", "Next column", show=False, palette=False),
    Command("board", "shift+right,L", "stage(1)", "Next stage", key_display="⇧→"),
    Command("board", "shift+left,H", "stage(-1)", "Previous stage", key_display="⇧←"),
    Command("board", "n", "next_step", "Next step"),
    Command("board", "enter", "open_deal", "Open"),
    Command("board", "a", "add_deal", "Add deal"),
    Command("board", "slash", "filter", "Filter", key_display="/"),
    Command("board", "ctrl+up,K", "reorder(-1)", "Card up", show=False),
    Command("board", "ctrl+down,J", "reorder(1)", "Card down", show=False),
    Command("board", "p", "edit_process", "Sales process"),
    Command("review", "w", "start('weekly')", "Weekly review"),
    Command("review", "o", "start('one_on_one')", "One-on-one"),
    Command("review", "r", "resume", "Resume"),
    Command("review", "enter", "open_past", "Open", show=False),
    Command("accounts", "a", "add_account", "Add account"),
    Command("accounts", "e", "edit_account", "Edit"),
]


def bindings(scope: str) -> list[Binding]:
    """Textual bindings for one scope, each with an id so a keymap can change its key."""
    return [
        Binding(c.key, c.action.removeprefix("app.") if scope == "app" else c.action, c.description,
                show=c.show, key_display=c.key_display, id=c.id)
        for c in COMMANDS
        if c.scope == scope
    ]


def for_scope(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope == scope]
