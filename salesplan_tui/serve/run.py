"""Provides serve(): binds the address, prints the link once, and runs until stopped, ending every app on the way out."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable

from aiohttp import web

from salesplan_tui.serve.address import PUBLIC_WARNING, Served, bound_socket, checked_ip
from salesplan_tui.serve.server import Options, ServeServer


def serve(options: Options, host: str, port: int, *, public: bool, say: Callable[[str], None],
          warn: Callable[[str], None]) -> None:
    """Runs the server in the foreground until ctrl+c or SIGTERM (a SIGKILL ends each app through its own pipe)."""
    ip = checked_ip(host, public)
    sock = bound_socket(ip, port)
    served = Served(ip, sock.getsockname()[1])
    if not ip.is_loopback:
        warn(PUBLIC_WARNING)
    server = ServeServer(options, served, say)
    asyncio.run(_run(server, sock, say))


async def _run(server: ServeServer, sock: socket.socket, say: Callable[[str], None]) -> None:
    # The apps are ended in the shutdown hook before connections are dropped: a few seconds is plenty after that.
    runner = web.AppRunner(server.web_app(), handle_signals=False, access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    site = web.SockSite(runner, sock)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # before the link is out: a stop is never missed
        loop.add_signal_handler(number, stop.set)
    mode = "read-only" if server.options.read_only else "the first browser writes, the others read"
    say(f"Serving {server.options.db} ({mode}; at most {server.options.max_sessions} browsers).")
    say(f"Open: {server.url}")
    say("The link is the key: share it only with your manager. Ctrl+C stops the server and every browser's app.")
    try:
        await stop.wait()
    finally:
        with contextlib.suppress(OSError):  # a closed terminal (the SIGHUP that stopped it) must not stop the cleanup
            say("Stopping: ending each browser's app.")
        await runner.cleanup()
