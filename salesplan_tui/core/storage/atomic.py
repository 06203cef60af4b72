"""Provides writing a file atomically, and the workspace file as last read or written, checked before each write."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from salesplan_tui.core.storage.errors import ReadOnlyError, StorageError
from salesplan_tui.core.storage.seal import seal

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def parse_bytes(raw: bytes) -> Any:
    """Parses JSON, raising ValueError saying what is wrong: bytes that are not UTF-8, the line and column of a
    syntax error, or nesting too deep to be a workspace. A file is never read with its damage papered over."""
    try:
        return orjson.loads(raw)  # it refuses bytes that are not UTF-8 too; no copy of the text is made first
    except orjson.JSONDecodeError:
        pass  # read again below for a message a person can use (and NaN, which validation then names)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"it is not valid UTF-8 text (byte {e.start} is damaged)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON at line {e.lineno}, column {e.colno} ({e.msg})") from None
    except RecursionError:
        raise ValueError("its JSON is nested too deeply to be a workspace") from None


@dataclass(frozen=True)
class Stamp:
    """Which file, and which content of it, this process last read or wrote: its identity, size, time and digest."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, info: os.stat_result, payload: bytes) -> Stamp:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, hashlib.blake2b(payload).digest())

    def same_file(self, info: os.stat_result) -> bool:
        return (self.device, self.inode, self.size, self.mtime_ns) == (
            info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class OutsideChange(StorageError):
    """The file on disk is not the one this process last read or wrote (another program replaced, changed or
    deleted it); nothing was written over it."""

    def __init__(self, path: Path, deleted: bool) -> None:
        self.deleted = deleted
        what = "was deleted or moved" if deleted else "was changed by another program"
        super().__init__(f"{path} {what} since this window read it; nothing was written over it")


WORKSPACE_LIMIT = 1_000_000_000  # bytes: a workspace, a backup or an export; 50,000 actions take about 60 MB
_NOT_BLOCKING = getattr(os, "O_NONBLOCK", 0)
_NOT_FOLLOWING = getattr(os, "O_NOFOLLOW", 0)


def _size_words(limit: int) -> str:
    if limit >= 1_000_000_000:
        return f"{limit / 1_000_000_000:g} GB"
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} kB"


def read_regular_stamped(path: Path, limit: int = WORKSPACE_LIMIT, *, follow: bool = True) -> tuple[bytes, Stamp]:
    """The one reader of every file salesplan is given or finds (the workspace, its backups, a restore source, an
    import, an inbox entry): its bytes and their stamp, only when it is a regular file no larger than `limit`.

    It is opened without blocking (a FIFO put in its place never hangs the open), checked on the open descriptor (no
    rename can slip in between), and read no further than `limit`: a device, a pipe, an endless or a huge sparse
    file is refused before a byte of it is read. With `follow=False` a symbolic link is refused too. Raises ValueError
    saying which, in one line, and OSError when the file cannot be opened.
    """
    handle, info = open_regular(path, follow=follow)
    with handle:
        if info.st_size > limit:
            raise ValueError(f"{path} is larger than {_size_words(limit)}, too large to be what it should be")
        payload = handle.read(limit + 1)
    if len(payload) > limit:  # it grew while read
        raise ValueError(f"{path} is larger than {_size_words(limit)}, too large to be what it should be")
    return payload, Stamp.of(info, payload)


def open_regular(path: Path, *, follow: bool = True) -> tuple[BinaryIO, os.stat_result]:
    """A file opened to be read, with what fstat says of it, only when it is a regular file: opened without blocking
    (a FIFO put in its place never hangs the open) and checked on the open descriptor (no rename can slip in
    between), so a device or a pipe is refused before a byte of it is read. With `follow=False` a symbolic link is
    refused too. The one reader uses it, and so does a reader of a stream (a CRM export), which keeps to its own
    limit. Raises ValueError saying which, in one line, and OSError (IsADirectoryError for a folder) when it cannot
    be opened as a file."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOT_BLOCKING | (0 if follow else _NOT_FOLLOWING))
    except OSError as e:
        if not follow and e.errno == errno.ELOOP:
            raise ValueError(f"{path} is a symbolic link, not a regular file") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):  # as open() says it, so each caller words a folder in its own way
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        raise ValueError(f"{path} is not a regular file")
    if _NOT_BLOCKING:
        os.set_blocking(fd, True)  # a regular file never blocks; the flag only kept the open itself from waiting
    return os.fdopen(fd, "rb"), info


def read_regular(path: Path, limit: int = WORKSPACE_LIMIT, *, follow: bool = True) -> bytes:
    """A file's bytes through the one reader (see read_regular_stamped); raises ValueError or OSError."""
    return read_regular_stamped(path, limit, follow=follow)[0]


def read_stamped(path: Path) -> tuple[bytes, Stamp]:
    """The file's bytes and the stamp of exactly those bytes (taken from the open file, so no rename can slip in)."""
    return read_regular_stamped(path)


def serialise(data: Any) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)


def fsync_dir(folder: Path) -> None:
    # The rename is only durable once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes) -> Stamp:
    """Writes payload to path so that a crash leaves either the old file or the new one, never half of one.

    Returns the stamp of what it wrote.
    """
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):  # a new file keeps mkstemp's 0600: it holds customer data
            os.chmod(tmp, path.stat().st_mode & 0o777)
        written = os.stat(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
    return Stamp.of(written, payload)


def clean_stale_temps(path: Path) -> int:
    """Removes temp files a killed writer left beside path; call only while holding the writer lock."""
    removed = 0
    for stale in path.parent.glob(temp_prefix(path) + "*" + TEMP_SUFFIX):
        try:
            stale.unlink()
            removed += 1
        except OSError:
            pass
    return removed


class TrackedFile:
    """The workspace file as this process last read or wrote it: every write first checks it is still that file
    (another program may have replaced, changed or deleted it), then replaces it atomically and seals what it wrote."""

    def __init__(self, path: Path, stamp: Stamp | None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.stamp = stamp  # None: write without checking (a file this process is creating)

    def unchanged_on_disk(self) -> bool:
        """Whether the file is still the one last read or written: a stat, and a digest only when the stat differs."""
        if self.stamp is None:
            return True
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return False
        if self.stamp.same_file(info):
            return True
        try:
            _payload, now = read_stamped(self.path)
        except OSError:
            return False
        if now.digest != self.stamp.digest:
            return False
        self.stamp = now  # touched, or copied back as it was: the same content
        return True

    def write(self, payload: bytes) -> None:
        """Replaces the file with payload; raises OutsideChange (nothing written) when it is not the file last read,
        and OSError when the disk refuses (the file is then as it was)."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only; nothing was written")
        if not self.unchanged_on_disk():  # never start from nothing either: a deleted file is not recreated
            raise OutsideChange(self.path, deleted=not self.path.exists())
        self.stamp = atomic_write(self.path, payload)
        seal(self.path, self.stamp.digest)
