"""Provides LazyGroup: a click group that imports a command's module only when that command is asked for."""

from __future__ import annotations

import importlib
from typing import Any

import click

# Each command, by name, with the module of salesplan_tui.cli that defines it and its function there. Opening the
# app, or running one command, imports none of the others (each brings its own share of the core: the exchange
# formats, the plan rules, the server); `salesplan --help`, which lists them all, imports them all.
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("coach", "add_cmd"),
    "check": ("workspace", "check_cmd"),
    "deals": ("workspace", "deals_cmd"),
    "export": ("exchange", "export_cmd"),
    "import": ("exchange", "import_cmd"),
    "judge": ("coach", "judge_cmd"),
    "migrate": ("migrate", "migrate_cmd"),
    "objectives": ("workspace", "objectives_cmd"),
    "restore": ("workspace", "restore_cmd"),
    "reviews": ("workspace", "reviews_cmd"),
    "seller": ("seller", "seller_cmd"),
    "serve": ("serve", "serve_cmd"),
    "team": ("team", "team_cmd"),
}


# click 8.4 and later say a near name when a command is unknown ("Did you mean 'add'?"), picked among the commands
# added so far; before 8.4 there is no suggestion to give.
NO_SUCH_COMMAND: Any = getattr(click.exceptions, "NoSuchCommand", None)


class LazyGroup(click.Group):
    """A group whose commands are named in COMMANDS and loaded from their modules on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        known = super().get_command(ctx, cmd_name)
        if known is not None or cmd_name not in COMMANDS:
            return known
        module, name = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(f"salesplan_tui.cli.{module}"), name)
        self.add_command(command, cmd_name)  # loaded once: a second look (the help, then the command) finds it here
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as e:
            if NO_SUCH_COMMAND is None or not isinstance(e, NO_SUCH_COMMAND):
                raise
            raise NO_SUCH_COMMAND(e.command_name, possibilities=self.list_commands(ctx), ctx=ctx) from None
