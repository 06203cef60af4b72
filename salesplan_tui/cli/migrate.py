"""Provides `salesplan migrate`: a workspace copied between a file and a server, checked by an export of each side."""

from __future__ import annotations

from pathlib import Path

import click

from salesplan_tui.cli.common import DB_HELP, UserError, open_workspace, open_writable, refusals, say, workspace_target
from salesplan_tui.core.base.errors import SalesplanError
from salesplan_tui.core.storage.opening import Target, target_of

TO_HELP = "Where the copy goes: postgresql://user@host/dbname?workspace=NAME, or a workspace file."


def _name(target: Target) -> str:
    return str(target)


@click.command("migrate")
@click.option("--to", "to", required=True, metavar="ADDRESS|FILE", help=TO_HELP)
@click.option("--db", type=click.Path(readable=False), help=f"The workspace to copy. {DB_HELP}")
@click.option("--replace", is_flag=True, help="Overwrite a destination that already holds records.")
@click.pass_context
def migrate_cmd(ctx: click.Context, to: str, db: str | None, replace: bool) -> None:
    """Copy a workspace to a PostgreSQL server (or from one back to a file); both sides' exports must then be equal."""
    from salesplan_tui.core.exchange.workspace_json import export_json

    source = workspace_target(ctx, db)
    try:
        destination = target_of(to)
    except SalesplanError as e:
        raise UserError(str(e)) from None
    if _same(source, destination):
        raise UserError(f"--to names the workspace being copied ({_name(source)}); nothing was written")
    with open_workspace(source, read_only=True) as origin:
        with refusals(". Nothing was written."):
            contents = origin.snapshot()
            expected = export_json(contents)
        with open_writable(destination) as copy, refusals(". Nothing was written."):
            held = copy.snapshot().tables
            if not replace and any(held[t] for t in held if t != "process"):
                raise UserError(f"{_name(destination)} already holds records; add --replace to overwrite them. "
                                "Nothing was written.")
            copy.replace_all(contents)
    # Checked as a person would: opened again from where it now lives, exported, compared with the source's export.
    with open_workspace(destination, read_only=True) as again, refusals():
        if export_json(again.snapshot()) != expected:
            raise UserError(f"the copy at {_name(destination)} does not export as {_name(source)} does; keep using "
                            "the source and report this")
    records = sum(len(table) for table in contents.tables.values())
    say(f"Copied {_name(source)} to {_name(destination)}: {records} records; the exports of both sides are equal.")


def _same(a: Target, b: Target) -> bool:
    if isinstance(a, Path) and isinstance(b, Path):
        return a.expanduser().absolute() == b.expanduser().absolute()
    return str(a) == str(b)
