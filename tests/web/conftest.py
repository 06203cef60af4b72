"""Provides a running `salesplan serve` on a copy of the demo, and browsers that speak textual-serve's protocol."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.web.terminal import Terminal

DEADLINE = 90.0  # seconds to wait for something that takes a second or two: only a hung app comes near it


async def until(condition: Callable[[], bool], what: str, deadline: float = DEADLINE) -> None:
    """Waits for a condition, checking it often; fails, naming it, only after a generous deadline."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while not condition():
        assert loop.time() < end, f"still waiting after {deadline:g} s for {what}"
        await asyncio.sleep(0.05)


class Served:
    """A `salesplan serve` process and the link it printed."""

    def __init__(self, process: asyncio.subprocess.Process, url: str, db: Path, lines: list[str]) -> None:
        self.process, self.url, self.db, self.lines = process, url, db, lines
        parts = urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.host = parts.netloc

    def app_pids(self) -> set[int]:
        """The server's children: one app process per browser (Linux: read from /proc)."""
        if not Path("/proc/self/stat").exists():
            pytest.skip("finds the server's app processes in /proc, which this system does not have")
        return {pid for pid in _pids() if _parent(pid) == self.process.pid}


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    """True while the process runs (a zombie waiting to be reaped has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


async def start_server(db: Path | None, *options: str, env: dict[str, str] | None = None) -> Served:
    """`salesplan serve` on a free port (db None: the options say what it serves, such as --demo)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "salesplan_tui", "serve", *(["--db", str(db)] if db else []), "--port", "0", *options,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env={**os.environ, **(env or {})})
    assert process.stdout is not None
    lines: list[str] = []
    async with asyncio.timeout(DEADLINE):
        while not any(line.startswith("Open: ") for line in lines):
            line = (await process.stdout.readline()).decode()
            assert line, f"serve stopped before printing its link: {lines}"
            lines.append(line.rstrip("\n"))
    url = next(line for line in lines if line.startswith("Open: ")).removeprefix("Open: ")
    if db is None:  # "Serving PATH (...)": what it chose
        db = Path(next(line for line in lines if line.startswith("Serving ")).removeprefix("Serving ").split(" (")[0])

    async def keep_reading() -> None:  # the server's log must not fill its pipe
        assert process.stdout is not None
        while line := await process.stdout.readline():
            lines.append(line.decode().rstrip("\n"))

    process._reader_task = asyncio.create_task(keep_reading())  # type: ignore[attr-defined]  # kept alive with it
    return Served(process, url, db, lines)


async def stop_server(served: Served) -> None:
    with contextlib.suppress(ProcessLookupError):
        served.process.send_signal(signal.SIGTERM)
    async with asyncio.timeout(DEADLINE):
        await served.process.wait()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the demo on the suite's fixed day, closed (the first browser's app takes its lock)."""
    from salesplan_tui.core.exchange.demo import open_demo
    from tests.conftest import TODAY

    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    return repo.path


@pytest.fixture
async def served(workspace: Path) -> AsyncIterator[Served]:
    server = await start_server(workspace)
    try:
        yield server
    finally:
        await stop_server(server)


class Browser:
    """One browser tab: a websocket to the served app, its screen kept in a Terminal."""

    def __init__(self, session: aiohttp.ClientSession, socket: aiohttp.ClientWebSocketResponse,
                 screen: Terminal) -> None:
        self.session, self.socket, self.screen = session, socket, screen
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.feed(message.data)

    @property
    def closed(self) -> bool:
        return self._reader.done()

    async def shows(self, text: str) -> None:
        await until(lambda: text in self.screen.text, f"{text!r} on the screen:\n{self.screen.text}")

    async def press(self, keys: str) -> None:
        await self.socket.send_str(json.dumps(["stdin", keys]))

    async def close(self) -> None:
        await self.socket.close()
        await self._reader
        await self.session.close()


async def open_browser(served: Served, *, width: int = 100, height: int = 30, origin: str | None = None,
                       beat: bool = True, pongs: bool = True) -> Browser:
    """Connects as textual-serve's page does (the page's own Origin), with the page's heartbeat unless told not to;
    `pongs=False` is a browser whose network no longer answers the server's pings."""
    session = aiohttp.ClientSession()
    try:
        socket = await session.ws_connect(f"{served.url}ws?width={width}&height={height}",
                                          origin=origin or served.origin, autoping=pongs)
    except BaseException:
        await session.close()
        raise
    browser = Browser(session, socket, Terminal(width, height))
    if beat:
        browser.beat = asyncio.create_task(_beat(socket))  # type: ignore[attr-defined]  # lives as long as the tab
    return browser


async def _beat(socket: aiohttp.ClientWebSocketResponse) -> None:
    with contextlib.suppress(ConnectionResetError, RuntimeError):
        while not socket.closed:
            await socket.send_str(json.dumps(["ping", "0"]))
            await asyncio.sleep(1)
