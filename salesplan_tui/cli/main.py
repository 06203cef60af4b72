"""Provides the `salesplan` group, which opens the app when no command is given, and the entry point `main`."""

from __future__ import annotations

import atexit
import gc
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from salesplan_tui.cli.common import UserError, db_option, file_size, open_workspace, workspace_target
from salesplan_tui.cli.lazy_group import LazyGroup
from salesplan_tui.core.base.errors import SalesplanError
from salesplan_tui.core.base.visible import visible
from salesplan_tui.core.storage.workspace_name import peek_name

if TYPE_CHECKING:
    from salesplan_tui.core.storage import Repository
    from salesplan_tui.ui.app import SalesplanApp

# A workspace file up to this size (about 2,500 actions) is opened before the window is drawn, so the first frame
# shows the data: it opens in well under a tenth of a second, and a frame saying "Opening" first, drawn again
# with the data, only made the data later (by 40 ms on the demo). A larger one is opened while the window shows.
OPEN_BEFORE_WINDOW = 1_000_000  # bytes


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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

            repo = open_demo(role="app")
        else:
            path = workspace_target(ctx, db)
            # A server is reached before the window: one that cannot be reached is one line, not a window closing.
            if not isinstance(path, Path) or file_size(path) <= OPEN_BEFORE_WINDOW:
                repo = open_workspace(path, read_only=read_only, role="app")
            else:
                title = peek_name(path)

                def opener() -> Repository:
                    from salesplan_tui.core.storage.opening import open_repository

                    return open_repository(path, read_only=read_only, role="app")

        from salesplan_tui.ui.app import SalesplanApp

        app = SalesplanApp(repo, opener=opener, demo=demo, title=title)
        app.ask_seller = not read_only  # whose plan this is, asked when the workspace does not say (never in tests)
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


def main() -> None:
    """Entry point: every failure is one line on stderr, never a traceback or the usage text."""
    # Start-up makes hundreds of thousands of objects that live as long as the process (modules, records, the
    # findings) and almost no garbage; each full collection walked them all again (a quarter of the time to the
    # data at 50,000 actions). Collection resumes when a command starts, or once the app has drawn its data.
    gc.disable()
    # At exit, after every other exit handler (registered first, it runs last), everything made is set aside from the
    # collector: the interpreter's final collections walked every module and record once more, about a sixth of
    # `salesplan add` at 10,000 actions. Nothing is skipped: objects are still freed, files closed, handlers run.
    atexit.register(gc.freeze)
    try:
        code = cli.main(prog_name="salesplan", standalone_mode=False)
    except (KeyboardInterrupt, click.Abort):
        click.echo("salesplan: interrupted", err=True)
        sys.exit(130)
    except UserError as e:
        e.show()
        sys.exit(e.exit_code)
    except click.ClickException as e:  # a usage error: a wrong option, a missing argument
        ctx = getattr(e, "ctx", None)  # a UsageError knows the command it was about; other ClickExceptions do not
        hint = f"; see `{ctx.command_path} --help`" if ctx else ""
        click.echo(f"salesplan: {visible(e.format_message().rstrip('.'))}{hint}", err=True)
        sys.exit(2)
    except SalesplanError as e:
        click.echo(f"salesplan: {visible(str(e))}", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
