"""Provides IdleCollector: Python's full garbage collections kept short by freezing what the screens keep."""

from __future__ import annotations

import gc
import time

TICK_SECONDS = 0.5  # how often the app asks whether it is a good moment
TIDY_AFTER = 0.3  # seconds without a key before a short collection and a freeze
DEEP_AFTER = 2.0  # seconds without a key before a deep one
DEEP_EVERY = 300.0  # seconds between deep collections (at most)


class IdleCollector:
    """Keeps Python's full collections from landing on keypresses.

    A full collection walks every object that is not frozen: at 10,000 actions the screens' rendered lines and
    caches took 75 ms to walk, and Python started one every few pane switches, inside a keypress. After each pause
    in the typing this collects and then freezes what is left (cheap: only what was made since the last pause is
    walked), so the collections Python starts during the next keys walk only what those keys made.

    Freezing keeps a cycle that is alive then and dropped later (a closed dialog, a rebuilt outline) until the
    next deep collection, which unfreezes everything first: every few minutes, during a longer pause.
    """

    def __init__(self) -> None:
        self._last_key = time.monotonic()
        self._last_deep = time.monotonic()
        self._tidy = False  # nothing made since the last freeze that matters (no key since)

    def start(self) -> None:
        """Freezes what opening the workspace made and turns the collector on (`salesplan` holds it until the data
        is drawn; see cli.main)."""
        gc.freeze()
        gc.enable()

    def key_pressed(self) -> None:
        self._last_key = time.monotonic()
        self._tidy = False

    def tick(self) -> None:
        """Collects and freezes once per pause in the typing, and deeply every few minutes (call every TICK_SECONDS)."""
        now = time.monotonic()
        rest = now - self._last_key
        if rest >= DEEP_AFTER and now - self._last_deep >= DEEP_EVERY:
            self._last_deep = now
            gc.unfreeze()
        elif self._tidy or rest < TIDY_AFTER:
            return
        self._tidy = True
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        """Lets the process collect what the app kept (tests run many apps in one process)."""
        gc.unfreeze()
