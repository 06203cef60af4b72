"""Provides AppSession: one browser's app, a salesplan process on the workspace, its screen sent to that browser."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from salesplan_tui.core.base.visible import visible
from salesplan_tui.serve.parent_death import PARENT

DRIVER = "salesplan_tui.serve.driver:ServedDriver"
QUIT_WAIT = 10.0  # seconds an app asked to quit has to close its workspace before it is terminated, then killed
READY_LINES = 10  # lines of output before the driver's greeting; an app that says nothing like it did not start
STDERR_KEPT = 16_384  # bytes of an app's error output kept, to say why it stopped
WHY_READ_ONLY = "SALESPLAN_SERVE_READ_ONLY"  # the environment variable that tells a read-only app why (driver.py)
FOLLOWING = "another browser window is writing; this one follows it live"
ALL_READ_ONLY = "salesplan serve --read-only: every browser window only reads"


class AppSession:
    """A salesplan app process driven over Textual's web protocol: packets in on stdin, packets out on stdout.

    Args:
        db: the workspace every browser's app opens.
        read_only: start the app read-only (a second browser, or `serve --read-only`).
        why: what the read-only app says when it opens and when a key would change something (FOLLOWING, ALL_READ_ONLY).
        send: sends the app's screen output to the browser.
        close: closes the browser's socket (the app has ended).
    """

    def __init__(self, db: Path, *, read_only: bool, send: Callable[[bytes], Awaitable[None]],
                 close: Callable[[], Awaitable[object]], why: str = FOLLOWING) -> None:
        self.db = db
        self.read_only = read_only
        self.why = why
        self._send = send
        self._close = close
        self._process: asyncio.subprocess.Process | None = None
        self._pump: asyncio.Task[None] | None = None
        self._errors = bytearray()
        self.started = False  # the app greeted: it is a running Textual app, not one that stopped at once

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "salesplan_tui", "--db", str(self.db), *(["--read-only"] * self.read_only)]

    def environment(self, width: int, height: int) -> dict[str, str]:
        env = dict(os.environ)
        env.update(TEXTUAL_DRIVER=DRIVER, TEXTUAL_FPS="60", TEXTUAL_COLOR_SYSTEM="truecolor", TERM_PROGRAM="textual",
                   COLUMNS=str(width), ROWS=str(height), **{PARENT: str(os.getpid())})
        if self.read_only:
            env[WHY_READ_ONLY] = self.why
        return env

    async def start(self, width: int, height: int) -> None:
        self._process = await asyncio.create_subprocess_exec(
            *self.command(), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self.environment(width, height),
            start_new_session=True)  # ctrl+c at the server stops the server, which then stops each app in turn
        self._pump = asyncio.create_task(self._run())

    async def _run(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        errors = asyncio.create_task(self._keep_errors(process.stderr))
        try:
            for _ in range(READY_LINES):
                line = await process.stdout.readline()
                if not line or line == b"__GANGLION__\n":
                    self.started = bool(line)
                    break
            if self.started:
                await self._forward(process.stdout)
        except (asyncio.IncompleteReadError, ConnectionResetError):
            pass  # the app ended: its output stopped mid-packet, or the browser went first
        finally:
            await process.wait()
            await errors
        if not self.started:
            await self._say_why()
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await self._close()

    async def _forward(self, stdout: asyncio.StreamReader) -> None:
        """The app's packets: its screen goes to the browser; "exit" means it has quit."""
        while True:
            kind = await stdout.readexactly(1)
            size = int.from_bytes(await stdout.readexactly(4), "big")
            payload = await stdout.readexactly(size)
            if kind == b"D":
                await self._send(payload)
            elif kind == b"M" and json.loads(payload).get("type") == "exit":
                return
            # Anything else (open a URL, deliver a file) is not done: nothing is sent off this machine.

    async def _keep_errors(self, stderr: asyncio.StreamReader) -> None:
        while data := await stderr.read(4096):
            self._errors += data[: max(0, STDERR_KEPT - len(self._errors))]

    @property
    def errors(self) -> str:
        return self._errors.decode("utf-8", "replace").strip()

    async def _say_why(self) -> None:
        """An app that stopped before drawing: its own one line, shown in the browser before the socket closes."""
        said = self.errors.splitlines()[-1:] or ["the app stopped before it started"]
        with contextlib.suppress(ConnectionResetError, RuntimeError):  # shown by a terminal: its controls made visible
            await self._send(f"\r\n  {visible(said[0])}\r\n".encode())

    async def _packet(self, kind: bytes, payload: bytes) -> None:
        process = self._process
        if process is None or process.stdin is None or process.returncode is not None:
            return
        with contextlib.suppress(ConnectionResetError, BrokenPipeError, RuntimeError):
            process.stdin.write(kind + len(payload).to_bytes(4, "big") + payload)
            await process.stdin.drain()

    async def keys(self, text: str) -> None:
        await self._packet(b"D", text.encode("utf-8"))

    async def meta(self, **data: object) -> None:
        await self._packet(b"M", json.dumps(data).encode("utf-8"))

    async def stop(self) -> None:
        """Asks the app to quit (it closes the workspace as on ctrl+q), then insists; returns once it has ended."""
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            await self.meta(type="quit")
            for insist in (process.terminate, process.kill):
                try:
                    await asyncio.wait_for(asyncio.shield(process.wait()), QUIT_WAIT)
                    break
                except TimeoutError:
                    with contextlib.suppress(ProcessLookupError):
                        insist()
            await process.wait()
        if self._pump is not None:
            await self._pump
