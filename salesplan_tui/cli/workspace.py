"""Provides the commands that read or mend the workspace: check, deals, reviews and restore."""

from __future__ import annotations

from pathlib import Path

import click

from salesplan_tui.cli.common import (
    LOCK_WAIT,
    UserError,
    day_from,
    db_option,
    json_text,
    mention_inbox,
    open_workspace,
    say,
    workspace_path,
)
from salesplan_tui.core.base.errors import SalesplanError


@click.command("check")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--today", help="Judge as if today were this date (YYYY-MM-DD).")
@click.pass_context
def check_cmd(ctx: click.Context, db: Path | None, as_json: bool, today: str | None) -> None:
    """Print where the plan is not yet a plan; exit 1 when there is anything."""
    from salesplan_tui.core.plan.rules import check

    with open_workspace(workspace_path(ctx, db), read_only=True) as repo:
        findings = check(repo, day_from(today))
    mention_inbox(repo.path)
    if as_json:
        click.echo(json_text([f.as_dict() for f in findings]))
    elif not findings:
        click.echo("No findings: every goal, objective and deal has a plan.")
    else:
        for f in findings:
            say(f"{f.label}: {f.title} [{f.kind} {f.ref}] — {f.detail}")
        click.echo(f"{len(findings)} finding(s)")
    ctx.exit(1 if findings else 0)


@click.command("deals")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the deals as JSON.")
@click.pass_context
def deals_cmd(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    """List the deals by stage: id, account, title, value, close date and the next two steps (ids for `add --deal`)."""
    from salesplan_tui.core.pipeline.deal_list import deal_lines

    with open_workspace(workspace_path(ctx, db), read_only=True) as repo:
        lines = deal_lines(repo)
    if as_json:
        click.echo(json_text([line.as_dict() for line in lines]))
        return
    for d in lines:
        say(f"{d.id:>4}  {d.stage:<12} {d.account} — {d.title}  {d.value:,.0f} {d.currency}  close {d.expected_close}")
        for step in d.next_steps or ("(no next step)",):
            say(f"      next: {step}")
    if not lines:
        click.echo("No deals yet.")


@click.command("reviews")
@db_option
@click.pass_context
def reviews_cmd(ctx: click.Context, db: Path | None) -> None:
    """List past and paused reviews."""
    from salesplan_tui.core.model.records import Review

    with open_workspace(workspace_path(ctx, db), read_only=True) as repo:
        reviews = repo.all(Review)
    for r in reviews:
        who = f"with {r.manager}" if r.manager else "solo"
        state = "finished" if r.finished else "paused"
        say(f"{r.id}  {r.started_at:%Y-%m-%d}  {r.kind.label:<13} {who:<24} {state}")
    if not reviews:
        click.echo("No reviews yet.")


@click.command("restore")
@db_option
@click.argument("backup", required=False, type=click.Path(readable=False, path_type=Path))
@click.option("--latest", is_flag=True, help="Restore the newest backup that opens cleanly.")
@click.pass_context
def restore_cmd(ctx: click.Context, db: Path | None, backup: Path | None, latest: bool) -> None:
    """List the backups of the workspace, or bring one back (the current file is kept aside)."""
    from salesplan_tui.core.storage.restore import list_for, restore

    path = workspace_path(ctx, db).absolute()
    if backup is None and not latest:
        rows = list_for(path)
        if not rows:
            say(f"No backups of {path}.")
        for b, problem in rows:
            say(f"{b}  {'ok' if problem is None else 'unusable: ' + problem}")
        return
    try:
        restored, kept = restore(path, backup, latest=latest, wait=LOCK_WAIT)
    except SalesplanError as e:
        raise UserError(str(e)) from None
    say(f"Restored {restored} into {path}" + (f"; the previous file is kept as {kept}" if kept else ""), err=True)
