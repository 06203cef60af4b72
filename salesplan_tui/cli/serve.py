"""Provides the `salesplan serve` command: the app in a browser for a one-on-one, on this machine, behind a token."""

from __future__ import annotations

import contextlib
import importlib
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from salesplan_tui.cli.common import UserError, db_option, say, workspace_path

if TYPE_CHECKING:
    from salesplan_tui.core.storage.lock import WriterLock

WEB_EXTRA = ("aiohttp", "textual_serve")
DEFAULT_PORT = 8765
SERVED_DEMO = "salesplan-serve-demo-"  # not the app's demo prefix: `salesplan --demo` sweeps those whose lock is free


@click.command("serve")
@db_option
@click.option("--demo", is_flag=True, help="Serve a temporary copy of the demo workspace (removed when it stops).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Only this machine can reach 127.0.0.1; any other address needs --public.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="The port (0: any free one).")
@click.option("--public", is_flag=True, help="Allow an address other machines can reach (with a warning): anyone "
                                             "with the link gets the workspace, over unencrypted http.")
@click.option("--read-only", is_flag=True, help="Every browser gets a window that cannot write.")
@click.option("--max-sessions", type=click.IntRange(1, 64), default=4, show_default=True,
              help="How many browsers may be open at once.")
@click.option("--heartbeat", type=click.FloatRange(min=1.0), default=120.0, show_default=True, metavar="SECONDS",
              help="A browser silent this long (a frozen tab, a sleeping laptop, a lost tunnel) has its app ended.")
@click.pass_context
def serve_cmd(ctx: click.Context, db: Path | None, demo: bool, host: str, port: int, public: bool, read_only: bool,
              max_sessions: int, heartbeat: float) -> None:
    """The app in a browser, for a one-on-one: prints a link (with a token) to open.

    Each browser runs its own app on the workspace: the first one writes, the others are live read-only windows.
    A manager elsewhere reaches it over SSH: `ssh -L 8765:127.0.0.1:8765 SELLER-MACHINE`, then opens the link.
    """
    _need_web_extra()
    from salesplan_tui.serve.run import serve
    from salesplan_tui.serve.server import Options

    if demo and (db or (ctx.obj or {}).get("db")):
        raise UserError("--demo serves its own temporary workspace; leave out --db")
    kept = _demo_copy() if demo else None
    path = kept.path.with_name("demo.json") if kept else workspace_path(ctx, db).absolute()
    if read_only and not path.exists():
        raise UserError(f"there is no workspace at {path} to serve read-only; check --db")
    try:
        serve(Options(path, read_only=read_only, max_sessions=max_sessions, heartbeat=heartbeat), host, port,
              public=public, say=say, warn=lambda text: say(f"salesplan: {text}", err=True))
    finally:
        if kept:
            shutil.rmtree(path.parent, ignore_errors=True)
            kept.release()


def _need_web_extra() -> None:
    for name in WEB_EXTRA:
        try:
            importlib.import_module(name)
        except ImportError:
            raise UserError(f"salesplan serve needs the web extra ({name} is not installed): "
                            "pip install -e '.[web]'") from None


def _demo_copy() -> WriterLock:
    """A copy of the demo for this server's browsers, in a folder of its own that this server holds a lock on.

    `salesplan --demo` never sweeps it away; the next `serve --demo` removes copies whose server has gone (killed).
    Returns the held lock: the workspace is demo.json beside it.
    """
    from salesplan_tui.core.exchange.demo import open_demo
    from salesplan_tui.core.storage.lock import WriterLock

    for folder in Path(tempfile.gettempdir()).glob(SERVED_DEMO + "*"):
        stale = WriterLock(folder / "server")
        with contextlib.suppress(OSError):
            if folder.is_dir() and stale.acquire():
                shutil.rmtree(folder, ignore_errors=True)
        stale.release()
    folder = Path(tempfile.mkdtemp(prefix=SERVED_DEMO))
    held = WriterLock(folder / "server")
    held.acquire()
    open_demo(folder=folder).close()  # the first browser's app takes the workspace's own lock
    return held
