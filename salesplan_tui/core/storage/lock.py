"""Provides the one-writer-at-a-time lock that sits beside the workspace file."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from filelock import BaseFileLock

try:
    import fcntl
except ImportError:  # not a POSIX system: the filelock package does the same there
    fcntl = None  # type: ignore[assignment]

POLL = 0.05  # seconds between tries while waiting for another writer


class WriterLock:
    """Holds the writer lock for a workspace file; a second process gets `acquired == False`.

    An exclusive flock on `<file>.lock` (what the filelock package takes on POSIX systems, so any salesplan that used
    it agrees with this one): released by the system when the process ends, however it ends. Two opens in one process
    are two locks, so a second window in the same process is refused as another process would be. Not tied to a
    thread: the app opens the workspace in a worker and closes it from the main thread.
    """

    def __init__(self, path: Path, role: str = "command") -> None:
        self.path = path.with_name(path.name + ".lock")
        self.role = role  # "app" or "command": written into the lock file while held, for `salesplan add` to read
        self.acquired = False
        self._fd: int | None = None
        self._fallback: BaseFileLock | None = None  # filelock's lock, where flock cannot be had

    def acquire(self, wait: float = 0.0) -> bool:
        """Takes the lock, waiting up to `wait` seconds for another writer to finish; False when it did not free.

        Raises OSError when the lock file cannot be made (a read-only folder).
        """
        if self.acquired:
            return True
        if fcntl is None:
            return self._acquire_elsewhere(wait)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(POLL)
            except OSError as e:
                os.close(fd)
                if e.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP):  # a file system without flock
                    return self._acquire_elsewhere(wait)  # (filelock falls back to a lock file of its own there)
                raise
            except BaseException:
                os.close(fd)
                raise
            else:
                self._fd, self.acquired = fd, True
                self._say_who(fd)
                return True

    def release(self) -> None:
        if not self.acquired:
            return
        self.acquired = False
        if self._fallback is not None:
            self._fallback.release()
            return
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)  # nobody holds it now: a stale "app" must not be read as one
            os.close(fd)  # closing the descriptor lets go of the flock

    def _say_who(self, fd: int) -> None:
        """Writes who holds the lock ("app 1234"), so a waiting `salesplan add` can tell an app from a command."""
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{self.role} {os.getpid()}\n".encode(), 0)

    def _acquire_elsewhere(self, wait: float) -> bool:
        from filelock import FileLock, Timeout

        if self._fallback is None:
            self._fallback = FileLock(str(self.path), timeout=0, mode=0o600, thread_local=False)
        try:
            self._fallback.acquire(timeout=wait)
        except Timeout:
            return False
        self.acquired = True
        return True


def holder(path: Path) -> tuple[str, int] | None:
    """Who holds the writer lock of a workspace, as the holder wrote it: ("app", pid) or ("command", pid); None when
    nobody says (no lock file, an empty one, or a salesplan that did not write it)."""
    lock_file = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        said = os.read(fd, 64).decode("ascii", "replace").split()
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(said) == 2 and said[0] in ("app", "command") and said[1].isdigit():
        return said[0], int(said[1])
    return None
