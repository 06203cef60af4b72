"""Provides the `salesplan import` and `export` commands: the workspace, CRM exports and the plan as files."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from salesplan_tui.cli.common import (
    C1_AS_JSON,
    UserError,
    db_option,
    mention_inbox,
    open_workspace,
    open_writable,
    refusals,
    say,
    then,
    workspace_target,
)
from salesplan_tui.core.storage.atomic import open_regular, read_regular
from salesplan_tui.core.storage.opening import Target, local_place

IMPORT_LIMIT = 500_000_000  # bytes of a JSON export: far beyond any real workspace, well short of filling memory


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "md", "csv", "ics"]), default="json", show_default=True,
              help="json: the whole workspace; md: the plan (or a review with --review) as Markdown; csv: actions or "
                   "deals for a spreadsheet (a cell starting with =, +, - or @ gets a leading ' so it is never run as "
                   "a formula); ics: open actions as all-day calendar entries on their due days (a stable UID per "
                   "action, so importing it again updates the calendar).")
@click.option("--what", type=click.Choice(["plan", "actions", "deals"]),
              help="md: plan; csv: actions (default) or deals; ics: actions.")
@click.option("--review", "review_id", type=int, help="The review to export as Markdown (see `salesplan reviews`).")
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (- is stdout).")
@click.option("--force", is_flag=True, help="Replace FILE when it already exists.")
@click.pass_context
def export_cmd(ctx: click.Context, db: Path | None, fmt: str, what: str | None, review_id: int | None,
               output: str | None, force: bool) -> None:
    """Write the workspace as JSON, the plan as Markdown, actions or deals as CSV, or open actions as iCalendar."""
    from salesplan_tui.core.exchange.file_formats import export_bytes
    from salesplan_tui.core.exchange.targets import destination, write_out

    path = workspace_target(ctx, db)
    with refusals():
        beside = path if isinstance(path, Path) else local_place(path)
        target = None if output in (None, "-") else destination(Path(output).expanduser(), beside, force)
        with open_workspace(path, read_only=True) as repo:
            payload = export_bytes(repo, fmt, what, review_id=review_id)
        mention_inbox(repo.path)
        if fmt == "json":
            payload = payload.decode().translate(C1_AS_JSON).encode()
        if target is None:
            sys.stdout.buffer.write(payload)
            return
        write_out(target, payload, output or str(target))
    say(f"Wrote {output}", err=True)


@click.command("import")
@db_option
@click.argument("file", type=click.Path(readable=False, path_type=Path))
@click.option("--replace", is_flag=True, help="JSON: replace a workspace that already holds data (a backup is kept).")
@click.option("--from", "crm", type=click.Choice(["salesforce", "hubspot", "pipedrive"]),
              help="CSV: the CRM the file comes from (default: recognised from the header).")
@click.option("--map", "column_map", multiple=True, metavar="COLUMN=FIELD",
              help="CSV: read a column as a deal field (title, account, value, currency, stage, expected_close, "
                   "probability, next_step, next_step_due, contact, crm_id, status, lost_reason) or ignore it.")
@click.option("--map-stage", "stage_map", multiple=True, metavar="'CRM STAGE=OUR STAGE'",
              help="CSV: put deals at a CRM stage into a stage of your sales process.")
@click.option("--decimal", type=click.Choice([".", ","]),
              help="CSV: the decimal mark of the file's amounts, for one that reads two ways (1.234 is 1,234 with "
                   "--decimal , and 1.234 with --decimal .); by default the amount column's other cells decide.")
@click.option("--dry-run", is_flag=True, help="CSV: show what each row would do, and write nothing.")
@click.option("--objective", "objective_id", type=int, metavar="ID",
              help="CSV: tie the file's deals to this objective (new ones, and those tied to none); see "
                   "`salesplan objectives`.")
@click.option("--reopen", is_flag=True,
              help="CSV: a deal closed here that the file has open is reopened (by default it stays closed, and "
                   "the import says so).")
@click.option("--unsure", type=click.Choice(["new", "same"]),
              help="CSV: a row that may be a deal here (several fit, or a close title) is imported as a new deal, "
                   "or taken as the same deal; without it such a row is listed and nothing is imported.")
@click.pass_context
def import_cmd(ctx: click.Context, db: Path | None, file: Path, replace: bool, crm: str | None,
               column_map: tuple[str, ...], stage_map: tuple[str, ...], decimal: str | None, dry_run: bool,
               objective_id: int | None, reopen: bool, unsure: str | None) -> None:
    """Load a workspace exported with `salesplan export --format json`, or deals from a CRM's CSV export.

    A file ending in .json, or starting with {, is a salesplan export; anything else is read as CSV: a Salesforce,
    HubSpot or Pipedrive deal export, or any spreadsheet with a deal name, account, stage and close date. Accounts
    and contacts are found by name (any case) or created; deals imported before (same CRM and record id) are
    updated. All or nothing: every bad row is listed, and then nothing is written. A CSV is read as a stream of at
    most 50 MB (UTF-8, UTF-16 or UTF-32 by its byte-order mark, else UTF-8, else Windows-1252); a JSON export up to
    500 MB.
    """
    try:
        if file.is_dir():
            raise UserError(f"{file} is a folder, not an export. Nothing was written.")
        head = read_regular(file, IMPORT_LIMIT) if file.suffix.lower() == ".json" else _head(file)
    except ValueError as e:
        raise UserError(then(str(e), ". Nothing was written.")) from None
    except (FileNotFoundError, NotADirectoryError):
        raise UserError(f"there is no file {file}; check its name and folder. Nothing was written.") from None
    except OSError as e:
        raise UserError(f"{file} cannot be imported: {e.strerror}. Nothing was written.") from None
    from salesplan_tui.core.exchange.crm.formats import pairs
    from salesplan_tui.core.exchange.file_formats import is_json_export, replace_workspace
    from salesplan_tui.core.exchange.workspace_json import import_json

    if not is_json_export(file.name, head):
        if replace:
            raise UserError("--replace is for a JSON export; a CSV of deals adds to the workspace and updates its deals")
        with refusals():
            maps = pairs(column_map, "--map"), pairs(stage_map, "--map-stage")
        _import_csv(workspace_target(ctx, db), file, crm, *maps, decimal=decimal, dry_run=dry_run,
                    rule={"objective_id": objective_id, "reopen": reopen, "unsure": unsure})
        return
    if crm or column_map or stage_map or dry_run or decimal or objective_id is not None or reopen or unsure:
        raise UserError("--from, --map, --map-stage, --decimal, --dry-run, --objective, --reopen and --unsure are for "
                        "a CSV of deals, not a JSON export")
    try:
        raw = head if file.suffix.lower() == ".json" else read_regular(file, IMPORT_LIMIT)
        contents = import_json(raw)  # read before the workspace is opened: a bad file touches nothing
    except ValueError as e:
        raise UserError(then(f"{file} cannot be imported: {e}", ". Nothing was written.")) from None
    where = workspace_target(ctx, db)
    with open_writable(where) as repo, refusals(". Nothing was imported."):
        replace_workspace(repo, contents, replace=replace)
    say(f"Imported {file} into {repo.path if isinstance(where, Path) else where}", err=True)


def _head(file: Path) -> bytes:
    """The first bytes of a regular file (enough to tell a JSON export from a CSV); raises ValueError for a device,
    a pipe or anything else that is not a file."""
    with open_regular(file)[0] as handle:
        return handle.read(4096)


def _import_csv(path: Target, file: Path, crm: str | None, column_map: dict[str, str], stage_map: dict[str, str], *,
                decimal: str | None, dry_run: bool, rule: dict[str, Any]) -> None:
    from salesplan_tui.cli.import_handoff import hand_to_app
    from salesplan_tui.cli.workspace import user_rates
    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.exchange.crm.importing import ERROR, ImportPlan, plan_import

    # (A server has no inbox: its writers never wait for each other.)
    if not dry_run and isinstance(path, Path) and hand_to_app(path, file, crm, column_map, stage_map, decimal=decimal,
                                                             rule=rule):
        return  # the app is the writer: the import waits in its inbox, and the app imports it as one step
    from salesplan_tui.core.model.records import Objective
    from salesplan_tui.core.settings.crm_mappings import recall, remember

    rates = user_rates()
    with open_workspace(path, read_only=True) if dry_run else open_writable(path) as repo:
        def planned(rule: dict[str, Any]) -> ImportPlan:
            try:
                with open_regular(file)[0] as stream:  # read as a stream, within the import's limit
                    return plan_import(repo, stream, Clock(), crm=crm, column_map=column_map, stage_map=stage_map,
                                       decimal=decimal, rates=rates, **rule)
            except OSError as e:
                raise UserError(f"{file} cannot be imported: {e.strerror}. Nothing was written.") from None
            except ValueError as e:  # replaced by a pipe or a device since it was first looked at
                raise UserError(f"{e}. Nothing was written.") from None

        plan = planned(rule)
        # The objective a CRM's deals serve is remembered with its other choices: used when none is given.
        remembered = recall(plan.crm).objective_id if rule["objective_id"] is None else None
        if remembered is not None and repo.get(Objective, remembered) is not None:
            plan = planned({**rule, "objective_id": remembered})
            say(f"salesplan: {file}: deals tied to objective {remembered}, as remembered for this CRM "
                "(--objective ID ties them to another)", err=True)
        rows = plan.rows if dry_run or not plan.errors else ()
        # A row listed with its reason is not said again: only the problems no listed row shows are.
        listed = {f"row {r.row}: {r.detail}" for r in rows if r.outcome == ERROR}
        unlisted = [e for e in plan.errors if e not in listed]
        for problem in (*plan.notes, *(plan.steps if not plan.errors else ()), *unlisted[:-1]):
            say(f"salesplan: {file}: {problem}", err=True)
        for row in rows:
            say(row.line)
        if plan.errors:
            many = f" ({len(plan.errors)} problems)" if len(plan.errors) > 1 else ""
            last = unlisted[-1] if unlisted else (
                f"{'the row' if len(listed) == 1 else f'{len(listed)} rows'} marked error above cannot be imported")
            raise UserError(f"{file}: {last}. Nothing was imported{many}.")
        if not dry_run and plan.change is not None:
            with refusals(". Nothing was imported."):
                repo.apply(plan.change)
        if not dry_run and rule["objective_id"] is not None:
            kept = recall(plan.crm)
            if unkept := remember(plan.crm, replace(kept, objective_id=rule["objective_id"])):
                say(f"salesplan: {unkept}", err=True)
        if plan.change is not None and plan.change.warning:
            say(f"salesplan: {file}: {plan.change.warning}", err=True)
        say(plan.outcome(dry_run=dry_run))
