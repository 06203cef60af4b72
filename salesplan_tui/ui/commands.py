"""Provides the command palette's workspace commands, read from the one list of actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .actions import COMMANDS, Command

TITLES = {"plan": "Plan", "board": "Pipeline", "review": "Review", "accounts": "Accounts", "app": "Go to"}


class WorkspaceCommands(Provider):
    """Every palette-worthy action of every pane, e.g. "Pipeline: Sales process"."""

    def _commands(self) -> list[tuple[str, Command]]:
        return [(f"{TITLES[c.scope]}: {c.description}", c) for c in COMMANDS if c.palette]

    async def _run(self, command: Command) -> None:
        app = self.app
        if not getattr(app, "loaded", True):
            app.notify("The workspace is still opening.", timeout=2)
            return
        if command.scope == "app":
            await app.run_action(command.action)
            return
        pane_for_scope = {"plan": "plan", "board": "pipeline", "review": "review", "accounts": "accounts"}
        pane_id = pane_for_scope[command.scope]
        await app.run_action(f"show_pane('{pane_id}')")
        pane = app.query_one(f"#{pane_id}-pane")
        await pane.run_action(command.action)

    async def discover(self) -> Hits:
        for title, command in self._commands():
            yield DiscoveryHit(title, partial(self._run, command), help=f"key: {command.key_display or command.key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, command),
                          help=f"key: {command.key_display or command.key}")
