"""Provides `salesplan team`: the manager's roll-up of the reps' workspaces and exports, as a table, JSON or the app."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from salesplan_tui.cli.common import day_from, json_text, say

if TYPE_CHECKING:
    from salesplan_tui.core.team.rollup import Rollup


@click.command("team")
# Strings: a postgresql:// address is kept as given (a Path would fold its "//").
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--json", "as_json", is_flag=True, help="Print {\"reps\": [...], \"totals\": {...}} as JSON.")
@click.option("--plain", is_flag=True, help="Print the table even in a terminal (the Team view opens otherwise).")
@click.option("--today", help="Count lateness and the forecast's months as if today were this date (YYYY-MM-DD).")
@click.pass_context
def team_cmd(ctx: click.Context, paths: tuple[str, ...], as_json: bool, plain: bool, today: str | None) -> None:
    """The team's roll-up: one line per rep (open deals, pipeline, weighted, won against bookings, deals short of two
    next steps, overdue actions, open one-on-one commitments, findings), the team's totals and its forecast by month.

    PATHS are the reps' workspace files or `salesplan export --format json` files, or folders holding them, or a
    server (postgresql://user@host/dbname: every workspace on it, read in one query). Each is
    read only: no lock is taken and nothing is written, so a rep's open app is no obstacle. In a terminal it opens
    the Team view (enter opens a rep read-only); with --plain, --json or a pipe it prints. Exit 0 when every file
    was read, 2 when any was not (each said in one line).
    """
    from salesplan_tui.core.team.rollup import roll_up

    day = day_from(today)
    if not (as_json or plain) and sys.stdout.isatty() and sys.stdin.isatty():
        from salesplan_tui.ui.team.run import run_team

        ctx.exit(run_team(list(paths), day))
    rollup = roll_up(list(paths), day)
    for rep in rollup.reps:
        if rep.error is not None:
            say(f"salesplan: {rep.path}: {rep.error}", err=True)
    if as_json:
        from salesplan_tui.core.team.report import rollup_dict

        click.echo(json_text(rollup_dict(rollup)))
    else:
        print_table(rollup)
    ctx.exit(0 if rollup.complete else 2)


def print_table(rollup: Rollup) -> None:
    """The table, then the team's weighted forecast by close month, each currency apart."""
    from salesplan_tui.core.base.money_text import short_money
    from salesplan_tui.core.base.words import plural
    from salesplan_tui.core.team.columns import table_lines

    for line in table_lines(list(rollup.reps), rollup.totals):
        say(line)
    if not rollup.totals.months:
        return
    click.echo("\nWeighted forecast by expected close month (late deals count now)")
    for bar in rollup.totals.months:
        weighted = short_money(bar.weighted) + "".join(f" + {short_money(w, c)}" for c, _, w in bar.others)
        value = short_money(bar.value) + "".join(f" + {short_money(v, c)}" for c, v, _ in bar.others)
        number, word = plural(bar.deals, "deal").split(" ", 1)  # '1 deal', '6 deals': the numbers stay in a column
        click.echo(f"  {bar.label:<9} {number:>4} {word:<5}  {weighted}  of {value}")
