"""Provides WriteQueue: a store's writes made on one thread of their own, in order, one at a time."""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable

from salesplan_tui.core.storage.store import Batch, Store


class WriteQueue:
    """Persists batches on a thread of its own, in the order given, so the caller never waits for the disk.

    When the store keeps whole workspaces (`store.whole`: the file store writes the whole file for each batch), the
    batches queued while a write was going are written as one: the last of them, which holds every change before it
    (three keys on a slow disk are one write, not three one after another). It counts as all of them kept or failed.

    When one fails, it and every batch queued after it are dropped (each was built on the one before), and
    `on_failed` is called from the writer thread; nothing more is written until `resume` (the caller has put its
    memory back as the store has it). A batch queued before `resume` is dropped too: it was built on what was undone.

    Args:
        store: where batches go.
        on_failed: called, from the writer thread, after a batch failed; it must not block (post a message).
    """

    def __init__(self, store: Store, on_failed: Callable[[], object]) -> None:
        self.store = store
        self._on_failed = on_failed
        self._jobs: deque[tuple[int, Batch]] = deque()
        self._turn = threading.Condition()
        self._submitted = 0
        self._busy = False
        self._closed = False
        self._drop_up_to = 0
        self.written = 0  # the number of the last batch kept
        self.failure: tuple[int, Exception] | None = None  # the batch that failed, and why; until `resume`
        self._thread = threading.Thread(target=self._run, name="salesplan-writer", daemon=True)
        self._thread.start()

    def submit(self, batch: Batch) -> int:
        """Queues a batch; returns its number (they count up from 1)."""
        with self._turn:
            if self._closed:
                raise RuntimeError("the write queue is closed")
            self._submitted += 1
            self._jobs.append((self._submitted, batch))
            self._turn.notify_all()
            return self._submitted

    def idle(self) -> bool:
        """Whether nothing is queued or being written."""
        with self._turn:
            return not self._jobs and not self._busy

    def wait(self, timeout: float | None = None) -> bool:
        """Waits until nothing is queued or being written (kept or failed); False when the timeout came first."""
        with self._turn:
            return self._turn.wait_for(lambda: not self._jobs and not self._busy, timeout)

    def resume(self) -> None:
        """Writes again after a failure; what was queued until now is dropped (it was built on the failed batch)."""
        with self._turn:
            self.failure = None
            self._drop_up_to = self._submitted

    def close(self) -> None:
        """Waits for the last write, then stops the thread."""
        with self._turn:
            self._turn.wait_for(lambda: not self._jobs and not self._busy)
            self._closed = True
            self._turn.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._turn:
                self._turn.wait_for(lambda: bool(self._jobs) or self._closed)
                if not self._jobs:
                    return  # closed, and everything written
                number, batch = self._jobs.popleft()
                if self.failure is not None or number <= self._drop_up_to:
                    self._turn.notify_all()
                    continue
                while self._jobs and getattr(self.store, "whole", False):
                    number, batch = self._jobs.popleft()  # the later one holds this one's change too
                self._busy = True
            error: Exception | None = None
            try:
                self.store.persist(batch)
            except Exception as e:  # noqa: BLE001  # any failure means the batch was not kept: the caller undoes it
                error = e
            with self._turn:
                self._busy = False
                if error is None:
                    self.written = number
                else:
                    self.failure = (number, error)
                    self._jobs.clear()  # built on the failed one: dropped (the caller undoes them in memory)
                self._turn.notify_all()
            if error is not None:
                # The app may have gone (its loop closed): the failure stays on record, and the thread goes on.
                with contextlib.suppress(Exception):
                    self._on_failed()
