"""Provides `salesplan seller`: says or sets whose plan the workspace is (the name headings and the team roll-up show)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from salesplan_tui.cli.common import (
    UserError,
    db_option,
    open_workspace,
    open_writable,
    refusals,
    say,
    workspace_target,
)

BIDI = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))  # they reorder what is shown around them


def name_problem(name: str) -> str:
    """Why a name typed on the command line cannot be a person's ("" when it can): bytes that are not text in this
    terminal's encoding (they could not even be saved), or control characters (an escape sequence pasted by mistake,
    which a manager's terminal would be shown as symbols for ever after)."""
    if any("\udc80" <= c <= "\udcff" for c in name):  # undecodable argv bytes, as Python keeps them
        return "the name holds bytes that are not text (check the terminal's encoding)"
    if any(unicodedata.category(c) == "Cc" or c in BIDI for c in " ".join(name.split())):  # tabs, newlines: spaces
        return "a name has no control characters: type it as the team knows you"
    return ""


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
    if problem := name_problem(said):
        raise UserError(f"{problem}. Nothing was written.")
    with open_writable(path) as repo, refusals(". Nothing was written."):
        change = set_seller(repo.workspace, said)
        repo.apply(change)
    say(change.message, err=True)
