"""Provides what every command shares: one-line errors, safe output of user text, and opening the workspace."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from salesplan_tui.core.base import paths
from salesplan_tui.core.base.errors import SalesplanError
from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.storage.server_address import is_server_address as is_server

if TYPE_CHECKING:
    from salesplan_tui.core.coach import Judgement
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.core.storage.opening import Target

LOCK_WAIT = 5.0  # seconds a writing command waits for another writer (a parallel `salesplan add`)
# json.dumps escapes C0 controls but writes DEL and the C1 controls as they are; a terminal obeys some of them.
C1_AS_JSON = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}
DB_HELP = ("Workspace file, or a workspace on a server: postgresql://user@host/dbname?workspace=NAME "
           "(default: $SALESPLAN_DB, else workspace.json in the user data folder).")


class UserError(click.ClickException):
    """One clear line on stderr and exit 2."""

    exit_code = 2

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(f"salesplan: {visible(self.format_message())}", err=True)


def say(text: str, *, err: bool = False) -> None:
    """Prints a line holding user data, its control characters shown as symbols."""
    click.echo(visible(text), err=err)


def json_text(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False).translate(C1_AS_JSON)


def workspace_target(ctx: click.Context, db: Path | str | None) -> Target:
    """The workspace a command works on: a file, or a workspace on a server (`postgresql://…`)."""
    from salesplan_tui.core.storage.opening import target_of

    chosen = db or (ctx.obj or {}).get("db") or os.environ.get("SALESPLAN_DB")
    if chosen and not isinstance(chosen, Path):
        try:
            target = target_of(chosen)
        except SalesplanError as e:
            raise UserError(str(e)) from None
        if not isinstance(target, Path):
            return target
    return workspace_path(ctx, db)


def workspace_path(ctx: click.Context, db: Path | str | None) -> Path:
    chosen = db or (ctx.obj or {}).get("db")
    if is_server(str(chosen) if chosen else os.environ.get("SALESPLAN_DB", "")):
        raise UserError("this command works on a workspace file; for a server workspace, copy it to a file first "
                        "with `salesplan migrate --to FILE`")
    path = Path(chosen).expanduser() if chosen else paths.default_db()
    if path.is_dir():
        from salesplan_tui.core.storage.repository import cannot_open

        raise UserError(str(cannot_open(path.absolute(), "it is a folder, not a workspace file")))
    return path


def open_workspace(path: Target, *, read_only: bool = False, wait: float = 0.0, role: str = "command") -> Repository:
    from salesplan_tui.core.storage.opening import open_repository

    if isinstance(path, Path) and read_only and not path.exists() and not path.is_symlink():
        # A command that only reads would otherwise report an empty workspace (exit 0) for a path mistyped, and the
        # app opened read-only would show one, making the folders of the mistyped path on its way.
        raise UserError(f"there is no workspace at {path}; check --db, or run `salesplan --db {path}` to make one")
    try:
        repo = open_repository(path, read_only=read_only, wait=wait, role=role)
    except SalesplanError as e:
        raise UserError(str(e)) from None
    return repo


def file_size(path: Path) -> int:
    """The file's size in bytes; 0 when it is not there yet (it is created) or cannot be read (opening says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def open_writable(path: Target) -> Repository:
    repo = open_workspace(path, wait=LOCK_WAIT)
    if repo.read_only:
        repo.close()
        raise UserError(f"{path} is open in another salesplan (waited {LOCK_WAIT:g} s); close it there first. "
                        "Nothing was written.")
    return repo


@contextmanager
def refusals(after: str = "") -> Iterator[None]:
    """A refusal from the core becomes one line (a single reason without the field it names)."""
    try:
        yield
    except SalesplanError as e:
        errors = getattr(e, "errors", {})
        raise UserError(then((next(iter(errors.values())) if len(errors) == 1 else str(e)), after)) from None


def then(message: str, after: str) -> str:
    """A message followed by another sentence (". Nothing was written."), never with two periods between them."""
    return message.rstrip(".") + after if after.startswith(".") else message + after


def mention_inbox(path: Path) -> None:
    """Says on stderr how many captured actions wait in the inbox (they are in no export or check until taken in)."""
    from salesplan_tui.core.capture.inbox import count_waiting

    waiting = count_waiting(path)
    if waiting:
        verb = "waits" if waiting == 1 else "wait"
        click.echo(f"salesplan: note: {waiting} captured action{'s' * (waiting > 1)} {verb} in the inbox, not yet in "
                   "the workspace: the app, or the next command that saves (`salesplan add`), takes "
                   f"{'it' if waiting == 1 else 'them'} in", err=True)


def day_from(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"--today must be a date like 2026-11-23, not {value!r}") from None


# No click checks on paths: a folder or an unreadable file is reported in one line, not with the usage text.
# A string: a postgresql:// address is kept as given (a Path would fold its "//").
db_option = click.option("--db", type=click.Path(readable=False), help=DB_HELP)


def print_parts(verdict: Judgement) -> None:
    say(f"  owner:   {verdict.owner}")
    say(f"  target:  {verdict.target}")
    say(f"  outcome: {verdict.outcome}")
    say(f"  due:     {verdict.due.isoformat() if verdict.due else ''}")
