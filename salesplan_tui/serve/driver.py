"""Provides ServedDriver: Textual's web driver, for an app that must end as soon as its server has gone."""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Any

from textual import messages
from textual.app import App
from textual.drivers.web_driver import WebDriver

from salesplan_tui.serve.parent_death import end_with_parent
from salesplan_tui.serve.session import WHY_READ_ONLY

OPENED_READ_ONLY = "opened read-only"  # the reason a workspace opened with --read-only gives (core Repository)
LAST_CHANCE = 10.0  # seconds an app asked to quit has to close its workspace before the process is ended


class ServedDriver(WebDriver):
    """Ends the app when the server goes, however it goes (even SIGKILL, which no handler sees).

    Two signs, either enough: the kernel's parent-death signal (Linux), and end-of-file on stdin, the pipe from the
    server, which the system closes when the server's process ends. Textual's WebDriver only stops reading there,
    and the app would run on, holding the workspace's writer lock, with nobody able to see it.
    """

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        if not end_with_parent():
            os._exit(1)  # the server died while this app was starting; the system releases the lock with the process
        said_why(app, os.environ.get(WHY_READ_ONLY, ""))

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if self.exit_event.is_set():
            return  # the app is quitting on its own: the reader was closed for it
        # End of file: the server has gone. Quit the normal way, so the workspace is closed as on ctrl+q.
        asyncio.run_coroutine_threadsafe(self._app._post_message(messages.ExitApp()), loop=self._loop)
        last_chance = threading.Timer(LAST_CHANCE, os._exit, args=(1,))  # a hung app must not keep the lock
        last_chance.daemon = True  # an app that quits in time is not held back by it
        last_chance.start()


def said_why(app: App[Any], why: str) -> None:
    """Has a read-only app say why it is (another browser writes) instead of "opened read-only": on its workspace if
    it is open already, else on the one its opener opens (a large workspace is opened once the window shows)."""
    if not why:
        return

    def told(repo: Any) -> Any:
        if getattr(repo, "read_only_reason", "") == OPENED_READ_ONLY:  # not a reason of its own (the server lost)
            repo.read_only_reason = why
        return repo

    if getattr(app, "_repo", None) is not None:
        told(app._repo)  # type: ignore[attr-defined]  # SalesplanApp's workspace, when the command opened it first
    opener = getattr(app, "_opener", None)
    if opener is not None:
        app._opener = lambda: told(opener())  # type: ignore[attr-defined]  # SalesplanApp opens it in a worker
