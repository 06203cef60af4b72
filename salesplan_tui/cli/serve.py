"""Provides the `salesplan serve` command: the app in a browser for a one-on-one, on this machine, behind a token."""

from __future__ import annotations

import importlib
import shutil
import tempfile
from pathlib import Path

import click

from salesplan_tui.cli.common import UserError, db_option, say, workspace_path

WEB_EXTRA = ("aiohttp", "textual_serve")
DEFAULT_PORT = 8765


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
    path = _demo_copy() if demo else workspace_path(ctx, db).absolute()
    if read_only and not path.exists():
        raise UserError(f"there is no workspace at {path} to serve read-only; check --db")
    try:
        serve(Options(path, read_only=read_only, max_sessions=max_sessions, heartbeat=heartbeat), host, port,
              public=public, say=say, warn=lambda text: say(f"salesplan: {text}", err=True))
    finally:
        if demo:
            shutil.rmtree(path.parent, ignore_errors=True)


def _need_web_extra() -> None:
    for name in WEB_EXTRA:
        try:
            importlib.import_module(name)
        except ImportError:
            raise UserError(f"salesplan serve needs the web extra ({name} is not installed): "
                            "pip install -e '.[web]'") from None


def _demo_copy() -> Path:
    """A copy of the demo for this server's browsers (its own folder: `salesplan --demo` never sweeps it away)."""
    from salesplan_tui.core.exchange.demo import open_demo

    repo = open_demo(folder=Path(tempfile.mkdtemp(prefix="salesplan-serve-demo-")))
    repo.close()  # the first browser's app takes the lock
    return repo.path
