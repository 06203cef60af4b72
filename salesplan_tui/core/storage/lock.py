"""Provides the one-writer-at-a-time lock that sits beside the workspace file."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


class WriterLock:
    """Holds the writer lock for a workspace file; a second process gets `acquired == False`."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        # Not thread-local: the app opens the workspace in a worker and closes it from the main thread.
        self._lock = FileLock(str(self.path), timeout=0, mode=0o600, thread_local=False)
        self.acquired = False

    def acquire(self, wait: float = 0.0) -> bool:
        """Takes the lock, waiting up to `wait` seconds for another writer to finish; False when it did not free."""
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            self.acquired = False
        else:
            self.acquired = True
        return self.acquired

    def release(self) -> None:
        if self.acquired:
            self._lock.release()
            self.acquired = False
