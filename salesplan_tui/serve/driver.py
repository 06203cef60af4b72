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

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if self.exit_event.is_set():
            return  # the app is quitting on its own: the reader was closed for it
        # End of file: the server has gone. Quit the normal way, so the workspace is closed as on ctrl+q.
        asyncio.run_coroutine_threadsafe(self._app._post_message(messages.ExitApp()), loop=self._loop)
        last_chance = threading.Timer(LAST_CHANCE, os._exit, args=(1,))  # a hung app must not keep the lock
        last_chance.daemon = True  # an app that quits in time is not held back by it
        last_chance.start()
