"""Provides `salesplan seller`: says or sets whose plan the workspace is (the name headings and the team roll-up show)."""

from __future__ import annotations

from pathlib import Path

import click

from salesplan_tui.cli.common import (
    db_option,
    open_workspace,
    open_writable,
    refusals,
    say,
    workspace_target,
)


@click.command("seller")
@db_option
@click.argument("name", nargs=-1)
@click.pass_context
def seller_cmd(ctx: click.Context, db: Path | None, name: tuple[str, ...]) -> None:
    """Say whose plan this is, or set it: `salesplan seller Alex Morgan`. Reviews, one-on-ones, exports and a
    manager's `salesplan team` show this name where the plan says "me"."""
    path = workspace_target(ctx, db)
    if not name:
        with open_workspace(path, read_only=True) as repo:
            seller = repo.workspace.seller
        say(seller if seller else "No seller named yet: `salesplan seller FIRST LAST` sets it.")
        return
    from salesplan_tui.core.plan.seller_ops import set_seller

    said = " ".join(name)
    with open_writable(path) as repo, refusals(". Nothing was written."):
        change = set_seller(repo.workspace, said)
        repo.apply(change)
    say(change.message, err=True)
