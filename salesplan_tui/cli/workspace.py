"""Provides the commands that read or mend the workspace: check, deals, objectives, reviews and restore."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from salesplan_tui.cli.common import (
    LOCK_WAIT,
    UserError,
    day_from,
    db_option,
    json_text,
    mention_inbox,
    open_workspace,
    open_writable,
    refusals,
    say,
    workspace_path,
    workspace_target,
)
from salesplan_tui.core.base.errors import SalesplanError

if TYPE_CHECKING:
    from salesplan_tui.core.model.change import Change
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.core.storage.opening import Target


@click.command("check")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--today", help="Judge as if today were this date (YYYY-MM-DD).")
@click.pass_context
def check_cmd(ctx: click.Context, db: Path | None, as_json: bool, today: str | None) -> None:
    """Print where the plan is not yet a plan; exit 1 when there is anything."""
    from salesplan_tui.core.plan.rules import check

    with open_workspace(workspace_target(ctx, db), read_only=True) as repo:
        findings = check(repo, day_from(today))
    mention_inbox(repo.path)
    if as_json:
        click.echo(json_text([f.as_dict() for f in findings]))
    elif not findings:
        click.echo("No findings: every goal, objective and deal has a plan.")
    else:
        for f in findings:
            say(f"{f.label}: {f.title} [{f.kind} {f.ref}] — {f.detail}")
        from salesplan_tui.core.base.words import plural

        click.echo(plural(len(findings), "finding"))
    ctx.exit(1 if findings else 0)


@click.command("deals")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the deals as JSON.")
@click.option("--delete", "delete_ref", metavar="DEAL",
              help="Delete a deal (id or part of its name) with its open steps; a backup keeps it.")
@click.option("--merge", "merge_ref", metavar="DEAL",
              help="Merge this deal (a duplicate) into the one given with --into: its steps, contacts, notes, history "
                   "and CRM id move there, and it is deleted.")
@click.option("--into", "into_ref", metavar="DEAL", help="The deal --merge keeps.")
@click.option("--tie", "tie_ref", metavar="DEAL", help="Tie a deal to the objective given with --objective.")
@click.option("--objective", "objective_ref", metavar="ID|none",
              help="With --tie: the objective the deal serves (see `salesplan objectives`), or none to untie it.")
@click.pass_context
def deals_cmd(ctx: click.Context, db: Path | None, as_json: bool, delete_ref: str | None, merge_ref: str | None,
              into_ref: str | None, tie_ref: str | None, objective_ref: str | None) -> None:
    """List the deals by stage: id, account, title, value, close date and the next two steps (ids for `add --deal`);
    or delete one, merge a duplicate into another, or tie one to the objective it serves."""
    from salesplan_tui.core.pipeline.deal_list import deal_lines

    if delete_ref or merge_ref or into_ref or tie_ref or objective_ref:
        _change_deals(workspace_target(ctx, db), delete_ref, merge_ref, into_ref, tie_ref, objective_ref)
        return
    with open_workspace(workspace_target(ctx, db), read_only=True) as repo:
        lines = deal_lines(repo)
    if as_json:
        click.echo(json_text([line.as_dict() for line in lines]))
        return
    from salesplan_tui.core.base.money_text import long_money

    for d in lines:
        serves = f"  serves objective {d.objective_id}" if d.objective_id is not None else ""
        say(f"{d.id:>4}  {d.stage:<12} {d.account} — {d.title}  {long_money(d.value, d.currency)}  "
            f"close {d.expected_close}{serves}")
        for step in d.next_steps or ("(no next step)",):
            say(f"      next: {step}")
        if d.needs_step:
            say("      note: a next step from the CRM is not yet a plan (see the deal's notes)")
    if not lines:
        click.echo("No deals yet.")


def _change_deals(path: Target, delete_ref: str | None, merge_ref: str | None, into_ref: str | None,
                  tie_ref: str | None, objective_ref: str | None) -> None:
    """One of --delete, --merge … --into, --tie … --objective, applied (a refusal is one line and writes nothing)."""
    asked = [name for name, given in (("--delete", delete_ref), ("--merge", merge_ref), ("--tie", tie_ref)) if given]
    if len(asked) != 1:
        raise UserError("give one of --delete DEAL, --merge DEAL --into DEAL, or --tie DEAL --objective ID")
    if bool(merge_ref) != bool(into_ref):
        raise UserError("--merge names the duplicate and --into the deal it merges into: give both")
    if bool(tie_ref) != bool(objective_ref):
        raise UserError("--tie names the deal and --objective the objective it serves (or none): give both")
    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.pipeline import deal_ops
    from salesplan_tui.core.pipeline.deal_list import find_deal

    clock, rates = Clock(), user_rates()
    with open_writable(path) as repo, refusals(". Nothing was written."):
        if delete_ref:
            change = deal_ops.delete_deal(repo, find_deal(repo, delete_ref), clock=clock, rates=rates)
        elif merge_ref and into_ref:
            change = deal_ops.merge_deals(repo, clock, find_deal(repo, into_ref), find_deal(repo, merge_ref),
                                          rates=rates)
        else:
            assert tie_ref and objective_ref
            change = deal_ops.tie_to_objective(repo, clock, find_deal(repo, tie_ref), _objective_id(objective_ref),
                                               rates=rates)
        _apply(repo, change)


def _objective_id(ref: str) -> int | None:
    if ref.strip().casefold() in ("none", "-", ""):
        return None
    if not ref.strip().isdigit():
        raise UserError(f"--objective takes an objective's id (see `salesplan objectives`) or none, not {ref!r}")
    return int(ref)


def _apply(repo: Repository, change: Change) -> None:
    """Saves a change and says what it did, with its warning (an objective's currency left out) on stderr."""
    repo.apply(change)
    say(change.message.replace(" ctrl+z brings it back.", " `salesplan restore` brings back the file before it."))
    if change.warning:
        say(f"salesplan: note: {change.warning}", err=True)
    for problem in repo.problems:
        say(f"salesplan: {problem}", err=True)


def user_rates() -> dict[str, float]:
    """The user's exchange rates from settings (see plan.measured.rate_table); a bad setting is said on stderr."""
    from salesplan_tui.core.plan.measured import rate_table
    from salesplan_tui.core.settings.store import read_settings

    settings, problems = read_settings()
    for problem in problems:
        say(f"salesplan: {problem}", err=True)
    return rate_table(settings.rates, settings.base_currency)


MEASURES = ("manual", "won_value", "won_count", "pipeline_created")


@click.command("objectives")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the objectives as JSON.")
@click.option("--measure", nargs=2, metavar="ID HOW",
              help="Where objective ID's current figure comes from: manual (typed), won_value, won_count or "
                   "pipeline_created (counted from the deals tied to it with `salesplan deals --tie`).")
@click.pass_context
def objectives_cmd(ctx: click.Context, db: Path | None, as_json: bool, measure: tuple[str, str] | None) -> None:
    """List the objectives with their figures and where each comes from; or set how one is measured."""
    from salesplan_tui.core.base.money_text import figure_of
    from salesplan_tui.core.model.records import Deal, Measure, Objective
    from salesplan_tui.core.plan.measured import unit_currency

    path = workspace_target(ctx, db)
    if measure:
        ref, how = measure
        if not ref.isdigit():
            raise UserError(f"--measure takes an objective's id first, not {ref!r}")
        if how not in MEASURES:
            raise UserError(f"--measure takes {', '.join(MEASURES)}, not {how!r}")
        from salesplan_tui.core.base.clock import Clock
        from salesplan_tui.core.plan import goal_ops

        with open_writable(path) as repo, refusals(". Nothing was written."):
            objective = repo.get(Objective, int(ref))
            if objective is None:
                raise UserError(f"there is no objective {ref} (list them with `salesplan objectives`)")
            _apply(repo, goal_ops.edit(repo, objective, at=Clock().now(), rates=user_rates(),
                                       measured_by=Measure(how)))
            objective = repo.get(Objective, int(ref))
        assert objective is not None
        say(f"{objective.title}: {figure_of(objective.current, objective.target, objective.unit)}, "
            f"{objective.measured_by.value.replace('_', ' ')}")
        return
    with open_workspace(path, read_only=True) as repo:
        objectives = repo.all(Objective)
        tied = {o.id: sum(1 for d in repo.all(Deal) if d.objective_id == o.id) for o in objectives}
    if as_json:
        click.echo(json_text([{"id": o.id, "goal_id": o.goal_id, "title": o.title, "current": o.current,
                               "target": o.target, "unit": o.unit, "measured_by": o.measured_by.value,
                               "currency": unit_currency(o.unit), "deals": tied[o.id]} for o in objectives]))
        return
    from salesplan_tui.core.base.words import plural

    for o in objectives:
        how = o.measured_by.value.replace("_", " ")
        deals = f", {plural(tied[o.id], 'deal')} tied" if tied[o.id] else ""
        say(f"{o.id:>4}  {o.title}: {figure_of(o.current, o.target, o.unit)} {o.metric}  ({how}{deals})")
    if not objectives:
        click.echo("No objectives yet.")


@click.command("reviews")
@db_option
@click.pass_context
def reviews_cmd(ctx: click.Context, db: Path | None) -> None:
    """List past and paused reviews."""
    from salesplan_tui.core.model.records import Review

    with open_workspace(workspace_target(ctx, db), read_only=True) as repo:
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
