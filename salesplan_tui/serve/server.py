"""Provides ServeServer: our own aiohttp server around textual-serve's client, one app process per browser."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from salesplan_tui.serve.address import Served
from salesplan_tui.serve.page import page, policy
from salesplan_tui.serve.session import ALL_READ_ONLY, FOLLOWING, AppSession

MAX_MESSAGE = 65_536  # bytes in one message from a browser: a paste, never a file
# Seconds of quiet before the server pings at the protocol level (a browser's network answers, even when its page is
# frozen); a pong half that late means the browser or its tunnel is gone, found sooner than by the page's silence.
PROTOCOL_PING = 20.0
HEADERS = {
    "Cache-Control": "no-store",  # the token is in every address: nothing is kept in a cache
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
STATIC = ("css/xterm.css", "js/textual.js", "fonts/RobotoMono-VariableFont_wght.ttf")  # all the page needs


@dataclass
class Options:
    """How `salesplan serve` was asked to run."""

    db: Path
    read_only: bool = False
    max_sessions: int = 4
    heartbeat: float = 120.0  # seconds a browser may be silent before its app is ended


class ServeServer:
    """Answers only at its address, only with its token; the first browser's app writes, the others read."""

    def __init__(self, options: Options, served: Served, say: Callable[[str], None],
                 token: str | None = None) -> None:
        self.options = options
        self.served = served
        self.say = say
        self.token = token or secrets.token_urlsafe(24)
        self.sessions: list[AppSession] = []
        self.writer: AppSession | None = None
        self._numbers = 0
        self._statics = _statics_folder()

    def _log(self, line: str) -> None:
        with contextlib.suppress(OSError):  # the terminal closed under the server: its apps still end properly
            self.say(line)

    @property
    def url(self) -> str:
        return f"http://{self.served.shown_host}:{self.served.port}/{self.token}/"

    def web_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard], client_max_size=MAX_MESSAGE)
        prefix = f"/{self.token}"
        app.router.add_get(prefix, self._to_page)
        app.router.add_get(prefix + "/", self._page)
        app.router.add_get(prefix + "/ws", self._socket)
        app.router.add_get(prefix + "/static/{name:.+}", self._static)
        app.on_shutdown.append(self._stop_all)
        return app

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        """Every request: addressed to this server by name (no DNS rebinding), and carrying the token."""
        if not self.served.answers_to(request.headers.get("Host")):
            port = self.served.port
            return _refused(421, f"This salesplan answers only at {self.url.split('/')[2]}; "
                            f"over a tunnel, forward the same port: ssh -L {port}:127.0.0.1:{port} SELLER")
        given = request.path.split("/")[1] if request.path.count("/") >= 1 else ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return _refused(403, "Open the link `salesplan serve` printed: this address needs its token.")
        origin = request.headers.get("Origin")
        if origin is not None and not self.served.origin_matches(origin, request.headers.get("Host")):
            return _refused(403, "A page from another site cannot use this salesplan.")
        try:
            response = await handler(request)
        except web.HTTPException as e:  # a redirect, a file that is not here
            e.headers.update(HEADERS)
            raise
        response.headers.update(HEADERS)
        return response

    async def _to_page(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"/{self.token}/")

    async def _page(self, request: web.Request) -> web.StreamResponse:
        if full := self._full():
            return full  # said on the page: a refused websocket only shows "session ended"
        websocket = f"ws://{request.headers['Host']}/{self.token}/ws"
        text, nonce = page(websocket, self.options.heartbeat)
        response = web.Response(text=text, content_type="text/html")
        response.headers["Content-Security-Policy"] = policy(nonce)
        return response

    async def _static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound(text="not here")
        return web.FileResponse(self._statics / name)

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        if not self.served.origin_matches(request.headers.get("Origin"), request.headers.get("Host")):
            return _refused(403, "A websocket must come from this salesplan's own page.")
        if full := self._full():
            return full
        socket = web.WebSocketResponse(heartbeat=min(PROTOCOL_PING, self.options.heartbeat / 4),
                                       max_msg_size=MAX_MESSAGE)
        # Counted and given its part before the first await, so two browsers at once can neither pass the cap
        # together nor both write.
        session = AppSession(self.options.db, read_only=self.options.read_only or self.writer is not None,
                             send=socket.send_bytes, close=socket.close,
                             why=ALL_READ_ONLY if self.options.read_only else FOLLOWING)
        if not session.read_only:
            self.writer = session
        self.sessions.append(session)
        self._numbers += 1
        number = self._numbers
        self._log(f"browser {number} opened ({'read-only' if session.read_only else 'writes'}); "
                  f"{len(self.sessions)} open")
        try:
            await socket.prepare(request)
            await session.start(_size(request.query.get("width"), 80), _size(request.query.get("height"), 24))
            await self._relay(socket, session)
        finally:
            await session.stop()
            if socket.prepared:
                await socket.close()
            self.sessions.remove(session)
            if self.writer is session:
                self.writer = None
            self._log(f"browser {number} closed; {len(self.sessions)} open")
        return socket

    def _full(self) -> web.Response | None:
        if len(self.sessions) < self.options.max_sessions:
            return None
        return _refused(503, f"{len(self.sessions)} browsers are already open here "
                        f"(--max-sessions {self.options.max_sessions}); close one, then reload this page.")

    async def _relay(self, socket: web.WebSocketResponse, session: AppSession) -> None:
        """The browser's keys and sizes to the app, until the tab closes, the app ends or the browser falls silent."""
        loop = asyncio.get_running_loop()
        heard = loop.time()
        while not socket.closed:
            left = heard + self.options.heartbeat - loop.time()
            try:
                message = await asyncio.wait_for(socket.receive(), max(left, 0.0))
            except TimeoutError:
                self._log(f"a browser was silent for {self.options.heartbeat:g} s: its app is ended")
                return
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                if isinstance(socket.exception(), TimeoutError):  # aiohttp's heartbeat: no pong came in time
                    self._log("a browser answered no ping: its app is ended")
                return
            heard = loop.time()
            if message.type == WSMsgType.TEXT:
                await _obey(socket, session, message.data)

    async def _stop_all(self, _app: web.Application) -> None:
        await asyncio.gather(*(session.stop() for session in list(self.sessions)))


async def _obey(socket: web.WebSocketResponse, session: AppSession, data: str) -> None:
    """One message from textual-serve's client; anything malformed is ignored (a browser cannot crash the server)."""
    try:
        envelope = json.loads(data)
    except ValueError:
        return
    if not isinstance(envelope, list) or not envelope:
        return
    kind, body = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin" and isinstance(body, str):
        await session.keys(body)
    elif kind == "resize" and isinstance(body, dict):
        await session.meta(type="resize", width=_size(body.get("width"), 80), height=_size(body.get("height"), 24))
    elif kind in ("focus", "blur"):
        await session.meta(type=kind)
    elif kind == "ping" and isinstance(body, str):
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await socket.send_json(["pong", body[:32]])


def _size(value: Any, default: int) -> int:
    """A terminal dimension from a browser: a whole number from 1 to 1000, else the default."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 1 <= number <= 1000 else default


def _refused(status: int, text: str) -> web.Response:
    response = web.Response(status=status, text=text + "\n")
    response.headers.update(HEADERS)
    return response


def _statics_folder() -> Path:
    """textual-serve's client: its terminal (xterm.js), stylesheet and font, served from the installed package."""
    import textual_serve

    return Path(textual_serve.__file__).parent / "static"
