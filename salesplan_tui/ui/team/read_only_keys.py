"""Provides which keys change a workspace, so the manager's read-only window of a rep shows only those that work."""

from __future__ import annotations

from salesplan_tui.ui.actions import COMMANDS

# The commands that change the workspace (or open a form that would). Every command of a scope the rep's window shows
# is either here or in READS: tests/functional/test_team_rep_read_only.py fails on a new one placed in neither.
WRITES = frozenset({
    "app.undo", "app.redo", "app.import_crm", "app.name_seller",
    "plan.add", "plan.edit", "plan.done", "plan.archive", "plan.move", "plan.notes",
    "board.next_stage", "board.previous_stage", "board.next_step", "board.won", "board.lost", "board.add",
    "board.card_up", "board.card_down", "board.delete", "board.merge",
    "review.weekly", "review.one_on_one", "review.resume",
    "agenda.done", "agenda.edit",
    "accounts.add", "accounts.edit",
    "deal.edit", "deal.next_step", "deal.done", "deal.drop", "deal.won", "deal.lost", "deal.plan_note", "deal.delete",
    "deal.merge", "deal.undo", "deal.redo",
    "process.add", "process.edit", "process.remove", "process.up", "process.down", "process.undo", "process.redo",
})
# Looking, moving about, the exports (files on the manager's machine), help, and leaving.
READS = frozenset({
    "app.plan", "app.pipeline", "app.review", "app.agenda", "app.accounts", "app.help", "app.quit",
    "app.export_plan", "app.export_actions", "app.export_deals", "app.export_calendar",
    "plan.filter", "plan.show_archived", "plan.open", "plan.close", "plan.down", "plan.up", "plan.health",
    "plan.health_back",
    "board.left", "board.right", "board.down", "board.up", "board.open", "board.filter", "board.process",
    "board.forecast", "review.open", "accounts.contacts", "deal.close", "process.close", "rep.back", "rep.since",
})
SCOPES = frozenset({"app", "plan", "board", "review", "agenda", "accounts", "deal", "process", "rep"})

# The actions those commands run ("add", "close(True)"): no command that only reads runs one of them.
WRITING_ACTIONS = frozenset(c.action.removeprefix("app.") for c in COMMANDS if c.id in WRITES)


def writes(action: str) -> bool:
    """Whether a key's action (as its binding gives it) changes the workspace."""
    return action.removeprefix("app.") in WRITING_ACTIONS
