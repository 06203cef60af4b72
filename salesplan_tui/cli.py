"""Provides the `salesplan` command: opens the app, and exports, imports, checks, restores, judges and captures."""

from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from salesplan_tui.core.base import paths
from salesplan_tui.core.base.errors import SalesplanError
from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.storage.workspace_name import peek_name

if TYPE_CHECKING:
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.ui.app import SalesplanApp

LOCK_WAIT = 5.0  # seconds a writing command waits for another writer (a parallel `salesplan add`)
# A workspace file up to this size (about 2,500 actions) is opened before the window is drawn, so the first frame
# shows the data: it opens in well under a tenth of a second, and a frame saying "Opening" first, drawn again
# with the data, only made the data later (by 40 ms on the demo). A larger one is opened while the window shows.
OPEN_BEFORE_WINDOW = 1_000_000  # bytes
# json.dumps escapes C0 controls but writes DEL and the C1 controls as they are; a terminal obeys some of them.
_C1_AS_JSON = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
DB_HELP = "Workspace file (default: $SALESPLAN_DB, else workspace.json in the user data folder)."


class UserError(click.ClickException):
    """One clear line on stderr and exit 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"salesplan: {visible(self.format_message())}", err=True)


def _say(text: str, *, err: bool = False) -> None:
    """Prints a line holding user data, its control characters shown as symbols."""
    click.echo(visible(text), err=err)


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False).translate(_C1_AS_JSON)


def _db(ctx: click.Context, db: Path | None) -> Path:
    chosen = db or (ctx.obj or {}).get("db")
    path = Path(chosen).expanduser() if chosen else paths.default_db()
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a workspace file")
    return path


def _open(path: Path, *, read_only: bool = False, wait: float = 0.0) -> Repository:
    from salesplan_tui.core.storage import Repository

    try:
        repo = Repository(path, read_only=read_only, wait=wait)
    except SalesplanError as e:
        raise UserError(str(e)) from None
    return repo


def _size(path: Path) -> int:
    """The file's size in bytes; 0 when it is not there yet (it is created) or cannot be read (opening says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _writable(path: Path) -> Repository:
    repo = _open(path, wait=LOCK_WAIT)
    if repo.read_only:
        repo.close()
        raise UserError(f"{path} is open in another salesplan (waited {LOCK_WAIT:g} s); close it there first. "
                        "Nothing was written.")
    return repo


@contextmanager
def _refusals(after: str = "") -> Iterator[None]:
    """A refusal from the core becomes one line (a single reason without the field it names)."""
    try:
        yield
    except SalesplanError as e:
        errors = getattr(e, "errors", {})
        raise UserError((next(iter(errors.values())) if len(errors) == 1 else str(e)) + after) from None


def _today(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--today must be a date like 2026-11-23, not {value!r}") from None


# No click checks on paths: a folder or an unreadable file is reported in one line, not with the usage text.
db_option = click.option("--db", type=click.Path(readable=False, path_type=Path), help=DB_HELP)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@db_option
@click.option("--demo", is_flag=True, help="Open a temporary copy of the demo workspace (the shipped file is never changed).")
@click.option("--read-only", is_flag=True, help="Open without taking the writer lock; nothing can be changed.")
@click.version_option(package_name="salesplan")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, demo: bool, read_only: bool) -> None:
    """salesplan: plan the year, run the week. Goals → objectives → actions, a pipeline board, and reviews
    that ask "What's next?" and refuse vague answers.

    With no command, opens the app.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is not None:
        gc.enable()  # held since start-up (see main): a command's records are its own to collect
        return
    if demo and db:
        raise UserError("--demo opens its own temporary workspace; leave out --db")
    repo: Repository | None = None
    opener: Callable[[], Repository] | None = None
    app: SalesplanApp | None = None

    def closing(signum: int, _frame: object) -> None:
        # A closed terminal or a kill ends the app the normal way, so what it opened is closed (and a demo copy
        # removed); before the app runs, the command stops where it is and the same `finally` cleans up.
        if app is None:
            raise SystemExit(128 + signum)
        app.exit()

    for number in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(number, closing)
    try:
        title = None
        if demo:
            from salesplan_tui.core.exchange.demo import open_demo

            repo = open_demo()
        else:
            path = _db(ctx, db)
            if _size(path) <= OPEN_BEFORE_WINDOW:
                repo = _open(path, read_only=read_only)
            else:
                title = peek_name(path)

                def opener() -> Repository:
                    from salesplan_tui.core.storage import Repository

                    return Repository(path, read_only=read_only)

        from salesplan_tui.ui.app import SalesplanApp

        app = SalesplanApp(repo, opener=opener, demo=demo, title=title)
        app.run()
    finally:
        opened = repo if app is None else app._repo
        if opened is not None:
            opened.close()
            if demo:
                shutil.rmtree(opened.path.parent, ignore_errors=True)
    if app.open_error:
        raise UserError(app.open_error)
    if app.return_code:  # the app stopped on an error it printed: the shell must see a failure, not exit 0
        sys.exit(app.return_code)


@cli.command("check")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--today", help="Judge as if today were this date (YYYY-MM-DD).")
@click.pass_context
def check_cmd(ctx: click.Context, db: Path | None, as_json: bool, today: str | None) -> None:
    """Print where the plan is not yet a plan; exit 1 when there is anything."""
    from salesplan_tui.core.plan.rules import check

    with _open(_db(ctx, db), read_only=True) as repo:
        findings = check(repo, _today(today))
    if as_json:
        click.echo(_json([f.as_dict() for f in findings]))
    elif not findings:
        click.echo("No findings: every goal, objective and deal has a plan.")
    else:
        for f in findings:
            _say(f"{f.label}: {f.title} [{f.kind} {f.ref}] — {f.detail}")
        click.echo(f"{len(findings)} finding(s)")
    ctx.exit(1 if findings else 0)


@cli.command("restore")
@db_option
@click.argument("backup", required=False, type=click.Path(readable=False, path_type=Path))
@click.option("--latest", is_flag=True, help="Restore the newest backup that opens cleanly.")
@click.pass_context
def restore_cmd(ctx: click.Context, db: Path | None, backup: Path | None, latest: bool) -> None:
    """List the backups of the workspace, or bring one back (the current file is kept aside)."""
    from salesplan_tui.core.storage.restore import list_for, restore

    path = _db(ctx, db).absolute()
    if backup is None and not latest:
        rows = list_for(path)
        if not rows:
            _say(f"No backups of {path}.")
        for b, problem in rows:
            _say(f"{b}  {'ok' if problem is None else 'unusable: ' + problem}")
        return
    try:
        restored, kept = restore(path, backup, latest=latest, wait=LOCK_WAIT)
    except SalesplanError as e:
        raise UserError(str(e)) from None
    _say(f"Restored {restored} into {path}" + (f"; the previous file is kept as {kept}" if kept else ""), err=True)


@cli.command("reviews")
@db_option
@click.pass_context
def reviews_cmd(ctx: click.Context, db: Path | None) -> None:
    """List past and paused reviews."""
    from salesplan_tui.core.model.records import Review

    with _open(_db(ctx, db), read_only=True) as repo:
        reviews = repo.all(Review)
    for r in reviews:
        who = f"with {r.manager}" if r.manager else "solo"
        state = "finished" if r.finished else "paused"
        _say(f"{r.id}  {r.started_at:%Y-%m-%d}  {r.kind.label:<13} {who:<24} {state}")
    if not reviews:
        click.echo("No reviews yet.")


@cli.command("judge")
@click.argument("text")
@click.option("--today", help="Read dates as if today were this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.pass_context
def judge_cmd(ctx: click.Context, text: str, today: str | None, as_json: bool) -> None:
    """Judge an answer to "What's next?"; exit 0 when it is a plan, 1 when it is refused."""
    from salesplan_tui.core.coach import judge

    verdict = judge(text, today=_today(today))
    if as_json:
        click.echo(_json({
            "specific": verdict.specific, "missing": verdict.missing, "owner": verdict.owner,
            "target": verdict.target, "outcome": verdict.outcome,
            "due": verdict.due.isoformat() if verdict.due else None, "question": verdict.question,
            "vague_words": [{"text": f.text, "element": f.element, "reason": f.reason} for f in verdict.flags],
        }))
    elif verdict.specific:
        click.echo("Specific: that is a plan.")
        _print_parts(verdict)
    else:
        _say(verdict.question)
        for f in verdict.flags:
            _say(f"  {f.text!r}: {f.reason}")
    ctx.exit(0 if verdict.specific else 1)


def _print_parts(verdict) -> None:
    _say(f"  owner:   {verdict.owner}")
    _say(f"  target:  {verdict.target}")
    _say(f"  outcome: {verdict.outcome}")
    _say(f"  due:     {verdict.due.isoformat() if verdict.due else ''}")


@cli.command("add")
@db_option
@click.argument("text")
@click.option("--deal", "deal_ref", metavar="ID|NAME",
              help="Tie the action to this deal (a next step): its id, or a part of its title or account that only "
                   "it has (any case; see `salesplan deals`).")
@click.option("--objective", "objective_id", type=int, help="Tie the action to this objective.")
@click.option("--today", help="Read dates as if today were this date (YYYY-MM-DD).")
@click.pass_context
def add_cmd(ctx: click.Context, db: Path | None, text: str, deal_ref: str | None, objective_id: int | None,
            today: str | None) -> None:
    """Capture an action in one sentence; a vague one is refused and nothing is written."""
    from salesplan_tui.core.base.clock import Clock
    from salesplan_tui.core.capture.quick import add

    day = _today(today)
    with _refusals(". Nothing was written."):
        captured = add(_db(ctx, db), text, today=day, clock=Clock.on(day) if today else Clock(), deal_ref=deal_ref,
                       objective_id=objective_id)
    verdict = captured.verdict
    if not verdict.specific:
        _say(verdict.question, err=True)
        for f in verdict.flags:
            _say(f"  {f.text!r}: {f.reason}", err=True)
        ctx.exit(1)
    if captured.left_in_inbox:
        _say("salesplan is open on this workspace: the action is in its inbox, and the app takes it in within a "
             "second (or the next command that saves does). Nothing is lost.")
    elif captured.action is not None:
        _say(f"Added action {captured.action.id}: {captured.action.sentence}")
    _print_parts(verdict)
    for problem in captured.warnings:  # said once the write is kept: a failure stays one line
        _say(f"salesplan: warning: {problem}", err=True)


@cli.command("deals")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the deals as JSON.")
@click.pass_context
def deals_cmd(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    """List the deals by stage: id, account, title, value, close date and the next two steps (ids for `add --deal`)."""
    from salesplan_tui.core.pipeline.deal_list import deal_lines

    with _open(_db(ctx, db), read_only=True) as repo:
        lines = deal_lines(repo)
    if as_json:
        click.echo(_json([line.as_dict() for line in lines]))
        return
    for d in lines:
        _say(f"{d.id:>4}  {d.stage:<12} {d.account} — {d.title}  {d.value:,.0f} {d.currency}  close {d.expected_close}")
        for step in d.next_steps or ("(no next step)",):
            _say(f"      next: {step}")
    if not lines:
        click.echo("No deals yet.")


from salesplan_tui import cli_exchange  # noqa: E402,F401 - registers `import` and `export` on the group above


def main() -> None:
    """Entry point: every failure is one line on stderr, never a traceback or the usage text."""
    # Start-up makes hundreds of thousands of objects that live as long as the process (modules, records, the
    # findings) and almost no garbage; each full collection walked them all again (a quarter of the time to the
    # data at 50,000 actions). Collection resumes when a command starts, or once the app has drawn its data.
    gc.disable()
    try:
        code = cli.main(prog_name="salesplan", standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("salesplan: interrupted", err=True)
        sys.exit(130)
    except UserError as e:
        e.show()
        sys.exit(e.exit_code)
    except click.ClickException as e:  # a usage error: a wrong option, a missing argument
        hint = f"; see `{e.ctx.command_path} --help`" if getattr(e, "ctx", None) else ""
        click.echo(f"salesplan: {visible(e.format_message().rstrip('.'))}{hint}", err=True)
        sys.exit(2)
    except SalesplanError as e:
        click.echo(f"salesplan: {visible(str(e))}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
