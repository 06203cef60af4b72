"""Provides the one list of every key of every screen: its stable id, key, action, description and where it applies."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Scope:
    """Where a group of keys applies: its title in help and the palette, and the pane that runs its actions."""

    title: str
    pane: str | None = None  # the pane whose actions the command palette runs; None: only on its own screen


SCOPES: dict[str, Scope] = {
    "app": Scope("Everywhere", "app"),
    "plan": Scope("Plan", "plan"),
    "board": Scope("Pipeline", "pipeline"),
    "review": Scope("Review", "review"),
    "agenda": Scope("Agenda", "agenda"),
    "accounts": Scope("Accounts", "accounts"),
    "walk": Scope("Review walk"),
    "offers": Scope("Completing a refused answer"),
    "start": Scope("Starting a review"),
    "summary": Scope("Review summary"),
    "deal": Scope("Deal"),
    "process": Scope("Sales process"),
    "form": Scope("Forms"),
    "pick": Scope("Pick from a list"),
    "reason": Scope("Say why"),
    "confirm": Scope("Confirm"),
    "move": Scope("Moving a deal"),
    "import": Scope("Importing deals"),
    "mapping": Scope("Reading an import's columns and stages"),
    "help": Scope("Help"),
    "filter": Scope("Filter box"),
    "team": Scope("Team (salesplan team)"),
    "rep": Scope("A rep's workspace, opened from the team"),
    "seller": Scope("Whose plan this is"),
    "since": Scope("Since the last one-on-one (from the team)"),
}


@dataclass(frozen=True)
class Command:
    """One thing a user can do with a key.

    Args:
        id: the stable name a keymap.toml uses ("walk.skip"); never derived from the description.
        scope: a key of SCOPES.
        key: the default keys, comma separated.
        action: the Textual action it runs on the node that binds it.
        description: what it does, in the footer, help and palette.
        widget: "" when the pane or screen binds it; otherwise the widget inside it that does (see `bindings`).
        priority: checked before the focused widget (keys a text box would otherwise take).
        palette: offered in the command palette (only commands of a pane scope can be).
    """

    id: str
    scope: str
    key: str
    action: str
    description: str
    show: bool = True
    key_display: str | None = None
    widget: str = ""
    priority: bool = False
    palette: bool = True

    @property
    def in_palette(self) -> bool:
        return self.palette and SCOPES[self.scope].pane is not None


C = Command
COMMANDS: list[Command] = [
    C("app.plan", "app", "1", "app.show_pane('plan')", "Plan"),
    C("app.pipeline", "app", "2", "app.show_pane('pipeline')", "Pipeline"),
    C("app.review", "app", "3", "app.show_pane('review')", "Review"),
    C("app.agenda", "app", "4", "app.show_pane('agenda')", "Agenda"),
    C("app.accounts", "app", "5", "app.show_pane('accounts')", "Accounts"),
    C("app.undo", "app", "ctrl+z", "app.undo", "Undo"),
    C("app.redo", "app", "ctrl+y,ctrl+shift+z", "app.redo", "Redo", show=False),
    # Priority: a dialog (modal) screen hides the app's other keys, and help and quit must work on every screen.
    C("app.help", "app", "f1", "app.help", "Help", key_display="F1", priority=True),
    C("app.quit", "app", "ctrl+q", "app.quit", "Quit", priority=True),
    # In the command palette only (no key until a keymap gives one).
    C("app.import_crm", "app", "", "app.import_crm", "Import deals from CSV…"),
    C("app.export_plan", "app", "", "app.export('md', 'plan')", "Export the plan as Markdown…"),
    C("app.export_actions", "app", "", "app.export('csv', 'actions')", "Export actions as CSV…"),
    C("app.export_deals", "app", "", "app.export('csv', 'deals')", "Export deals as CSV…"),
    C("app.export_calendar", "app", "", "app.export('ics', 'actions')", "Export open actions to a calendar (.ics)…"),
    C("app.name_seller", "app", "", "app.name_seller", "Name the seller (whose plan this is)…"),

    C("plan.add", "plan", "a", "add", "Add"),
    C("plan.edit", "plan", "e", "edit", "Edit"),
    C("plan.done", "plan", "space", "toggle_done", "Done", key_display="space", widget="tree"),
    C("plan.archive", "plan", "x", "archive", "Archive"),
    C("plan.move", "plan", "m", "move", "Move"),
    C("plan.filter", "plan", "slash", "filter", "Filter", key_display="/"),
    C("plan.show_archived", "plan", "A", "toggle_archived", "Show archived", show=False),
    C("plan.notes", "plan", "o", "edit_notes", "Notes in $EDITOR", show=False),
    C("plan.open", "plan", "right", "open_branch", "Open a branch", show=False, widget="tree", palette=False),
    C("plan.close", "plan", "left", "close_branch", "Close a branch", show=False, widget="tree", palette=False),
    C("plan.down", "plan", "j", "cursor_down", "Down", show=False, widget="tree", palette=False),
    C("plan.up", "plan", "k", "cursor_up", "Up", show=False, widget="tree", palette=False),
    C("plan.health", "plan", "h", "focus_health", "Plan health", show=False),
    # Only while the health panel is unfolded over the outline (a narrow screen): see PlanPane.check_action.
    C("plan.health_back", "plan", "escape", "fold_health", "Back to the outline", palette=False),

    C("board.left", "board", "h,left", "column(-1)", "Previous column", show=False, palette=False),
    C("board.right", "board", "l,right", "column(1)", "Next column", show=False, palette=False),
    C("board.down", "board", "j", "cursor_down", "Down", show=False, widget="list", palette=False),
    C("board.up", "board", "k", "cursor_up", "Up", show=False, widget="list", palette=False),
    C("board.next_stage", "board", "shift+right,L", "stage(1)", "Next stage", key_display="⇧→"),
    C("board.previous_stage", "board", "shift+left,H", "stage(-1)", "Previous stage", key_display="⇧←"),
    C("board.next_step", "board", "n", "next_step", "Next step"),
    C("board.won", "board", "w", "close(True)", "Won"),
    C("board.lost", "board", "x", "close(False)", "Lost"),
    C("board.open", "board", "enter", "open_deal", "Open"),
    C("board.add", "board", "a", "add_deal", "Add deal"),
    C("board.filter", "board", "slash", "filter", "Filter", key_display="/"),
    C("board.card_up", "board", "ctrl+up,K", "reorder(-1)", "Card up", show=False),
    C("board.card_down", "board", "ctrl+down,J", "reorder(1)", "Card down", show=False),
    C("board.delete", "board", "D,delete", "delete_deal", "Delete deal", show=False),
    C("board.merge", "board", "M", "merge_deal", "Merge with a duplicate", show=False),
    C("board.process", "board", "p", "edit_process", "Sales process"),
    C("board.forecast", "board", "f", "forecast", "Forecast"),

    C("review.weekly", "review", "w", "start('weekly')", "Weekly review"),
    C("review.one_on_one", "review", "o", "start('one_on_one')", "One-on-one"),
    C("review.resume", "review", "r", "resume", "Resume"),
    C("review.open", "review", "enter", "open_past", "Open", show=False),

    C("agenda.done", "agenda", "space", "done", "Done", key_display="space"),
    C("agenda.edit", "agenda", "e", "edit", "Edit"),

    C("accounts.add", "accounts", "a", "add_account", "Add account"),
    C("accounts.edit", "accounts", "e", "edit_account", "Edit"),
    C("accounts.contacts", "accounts", "c", "contacts", "Contacts"),

    # The walk's answer box has focus, and Input binds ctrl+d (delete) and ctrl+x (cut) itself: priority.
    C("walk.pause", "walk", "escape", "pause", "Pause", priority=True),
    C("walk.skip", "walk", "ctrl+s", "skip", "Skip (say why)", priority=True),
    C("walk.note", "walk", "ctrl+o", "note", "Note", priority=True),
    C("walk.done", "walk", "ctrl+d", "done", "Done", show=False, priority=True),
    C("walk.reschedule", "walk", "ctrl+r", "reschedule", "Reschedule", show=False, priority=True),
    C("walk.drop", "walk", "ctrl+x", "drop", "Drop", show=False, priority=True),
    C("walk.on_track", "walk", "ctrl+g", "on_track", "On track (a promise not yet due)", show=False, priority=True),
    C("walk.end", "walk", "ctrl+e", "end_early", "End here", priority=True),
    C("walk.skip_rest", "walk", "ctrl+n", "skip_rest", "Skip the rest (one reason)", show=False, priority=True),
    C("walk.discard", "walk", "ctrl+t", "discard", "Throw away", show=False, priority=True),

    # The coach's offers under a refused answer. The answer box keeps the keyboard: all typed or pasted there is text,
    # digits too, at any speed. tab (no sentence is typed with it; it reaches the app as is in tmux and over SSH, where
    # alt+digit arrives as "¡", "™"… or not at all, and F-keys need fn on many laptops) moves into the list, where a
    # digit or enter picks and any other key goes back to the box. Not priority: the box runs it in turn (TextBox), so
    # the letters typed before it land first and a digit sent with it (tmux sends "tab 1" at once) reaches the list,
    # not the box (without offers it is tab, moving on).
    C("offers.choose", "offers", "tab", "choose_offer", "Pick an offer", widget="box"),
    *[C(f"offers.pick_{n}", "offers", str(n), f"pick({n - 1})", "Complete the answer with that offer", show=False)
      for n in range(1, 10)],

    C("start.begin", "start", "ctrl+s", "begin", "Start", priority=True),
    C("start.add", "start", "ctrl+a", "add_item", "Add item", priority=True),  # the manager box would take it
    C("start.cancel", "start", "escape", "cancel", "Cancel"),

    C("summary.export", "summary", "m", "export", "Export Markdown"),
    C("summary.close", "summary", "escape,q", "dismiss", "Close"),

    C("deal.edit", "deal", "e", "edit", "Edit deal"),
    C("deal.next_step", "deal", "n", "add_step", "Next step"),
    C("deal.done", "deal", "space", "done", "Step done"),
    C("deal.drop", "deal", "d", "drop", "Drop step"),
    C("deal.won", "deal", "w", "close(True)", "Won"),
    C("deal.lost", "deal", "x", "close(False)", "Lost"),
    C("deal.plan_note", "deal", "p", "plan_note", "Plan the noted next step", show=False),
    C("deal.delete", "deal", "D", "delete_deal", "Delete deal", show=False),
    C("deal.merge", "deal", "M", "merge_deal", "Merge with a duplicate", show=False),
    C("deal.close", "deal", "escape,q", "dismiss", "Close"),
    # A dialog hides the app's keys; these screens change the workspace, so ctrl+z undoes there too.
    C("deal.undo", "deal", "ctrl+z", "app.undo", "Undo"),
    C("deal.redo", "deal", "ctrl+y,ctrl+shift+z", "app.redo", "Redo", show=False),

    C("process.add", "process", "a", "add", "Add stage"),
    C("process.edit", "process", "e,enter", "edit", "Edit"),
    C("process.remove", "process", "d,delete", "remove", "Remove"),
    C("process.up", "process", "K,ctrl+up", "shift(-1)", "Up"),
    C("process.down", "process", "J,ctrl+down", "shift(1)", "Down"),
    C("process.close", "process", "escape,q", "dismiss", "Close"),
    C("process.undo", "process", "ctrl+z", "app.undo", "Undo"),
    C("process.redo", "process", "ctrl+y,ctrl+shift+z", "app.redo", "Redo", show=False),

    C("form.save", "form", "ctrl+s", "save", "Save", priority=True),
    C("form.cancel", "form", "escape", "cancel", "Cancel"),
    C("pick.list", "pick", "down", "focus_list", "List", show=False),
    C("pick.cancel", "pick", "escape", "cancel", "Cancel"),
    C("reason.cancel", "reason", "escape", "cancel", "Cancel"),
    C("confirm.yes", "confirm", "y,enter", "answer(True)", "Yes"),
    C("confirm.no", "confirm", "n,escape", "answer(False)", "No"),
    C("move.yes", "move", "y", "answer(True)", "Move (every criterion ticked)"),
    C("move.no", "move", "n,escape", "answer(False)", "Leave it"),
    C("import.yes", "import", "y", "answer('import')", "Import"),
    C("import.map", "import", "m", "answer('map')", "Map columns and stages"),
    C("import.objective", "import", "o", "answer('objective')", "The objective its deals serve"),
    C("import.same", "import", "s", "answer('same')", "Unsure rows: the closest deal here"),
    C("import.new", "import", "c", "answer('new')", "Unsure rows: new deals"),
    C("import.reopen", "import", "r", "answer('reopen')", "Closed deals here: reopen or keep closed"),
    C("import.no", "import", "n,escape", "answer('')", "Cancel"),
    C("mapping.save", "mapping", "ctrl+s", "save", "Read the file with these", priority=True),
    C("mapping.cancel", "mapping", "escape", "cancel", "Cancel"),
    C("help.close", "help", "escape,q", "dismiss", "Close"),
    C("filter.clear", "filter", "escape", "clear", "Clear filter", show=False),

    # The Team view (salesplan team): a key per column sorts by it, the same key again turns the order round.
    C("team.open", "team", "enter", "open_rep", "Open read-only"),
    C("team.sort_rep", "team", "n", "sort('rep')", "Sort by name", show=False),
    C("team.sort_open", "team", "o", "sort('open')", "Sort by open deals", show=False),
    C("team.sort_pipeline", "team", "p", "sort('pipeline')", "Sort by pipeline", show=False),
    C("team.sort_weighted", "team", "w", "sort('weighted')", "Sort by weighted"),
    C("team.sort_won", "team", "b", "sort('won')", "Sort by won (bookings)", show=False),
    C("team.sort_steps", "team", "s", "sort('steps')", "Sort by deals short of two next steps", show=False),
    C("team.sort_overdue", "team", "d", "sort('overdue')", "Sort by overdue actions"),
    C("team.sort_commitments", "team", "c", "sort('commitments')", "Sort by open one-on-one commitments", show=False),
    C("team.sort_findings", "team", "f", "sort('findings')", "Sort by findings", show=False),
    C("team.reload", "team", "r", "reload", "Read again"),
    C("team.help", "team", "f1", "help", "Help: every sort key", key_display="F1"),
    C("team.quit", "team", "q,ctrl+q", "quit", "Quit"),
    C("rep.back", "rep", "escape", "back_to_team", "Back to the team"),
    C("rep.since", "rep", "t", "since_last", "Since last time"),
    C("since.close", "since", "escape,q", "dismiss", "Close"),
    C("seller.later", "seller", "escape", "later", "Later"),
    C("seller.save", "seller", "ctrl+s", "save", "Save", priority=True),
]

BY_ID = {c.id: c for c in COMMANDS}


def bindings(scope: str, widget: str = "") -> list[BindingType]:  # what a BINDINGS list holds
    """Textual bindings for one scope (and one widget inside it), each with its stable id for keymaps."""
    return [
        Binding(c.key, c.action.removeprefix("app.") if scope == "app" else c.action, c.description, show=c.show,
                key_display=c.key_display, priority=c.priority, id=c.id)
        for c in COMMANDS
        if c.scope == scope and c.widget == widget and c.key
    ]


def for_scope(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope == scope]


def key_label(command: Command, keymap: dict[str, str] | None = None) -> str:
    """The key to show for a command, as the user's keymap has it."""
    remapped = (keymap or {}).get(command.id)
    if remapped:
        return remapped.split(",")[0]
    return command.key_display or command.key.split(",")[0] or "palette"
