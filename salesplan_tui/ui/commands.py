"""Provides the command palette's workspace commands, read from the one list of actions."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from salesplan_tui.ui.actions import COMMANDS, SCOPES, Command, key_label


class WorkspaceCommands(Provider):
    """Every palette-worthy action of every pane, e.g. "Pipeline: Sales process"."""

    def _commands(self) -> list[tuple[str, Command]]:
        def title(c: Command) -> str:
            if c.scope != "app":
                return SCOPES[c.scope].title
            return "Go to" if c.action.startswith("app.show_pane") else "Workspace"

        return [(f"{title(c)}: {c.description}", c) for c in COMMANDS if c.in_palette]

    def _help(self, command: Command) -> str:
        return f"key: {key_label(command, getattr(self.app, 'keymap', {}))}"

    async def _run(self, command: Command) -> None:
        app = self.app
        if not getattr(app, "loaded", True):
            app.notify("The workspace is still opening.", timeout=2)
            return
        pane_id = SCOPES[command.scope].pane
        if pane_id == "app":
            await app.run_action(command.action)
            return
        await app.run_action(f"show_pane('{pane_id}')")
        await app.query_one(f"#{pane_id}-pane").run_action(command.action)

    async def discover(self) -> Hits:
        for title, command in self._commands():
            yield DiscoveryHit(title, partial(self._run, command), help=self._help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, command), help=self._help(command))
