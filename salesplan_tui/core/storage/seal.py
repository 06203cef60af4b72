"""Provides the seal: a note beside the workspace file saying which bytes this salesplan last wrote there.

A file that still holds exactly those bytes was checked record by record before it was written, so a command that
needs a few tables (`salesplan add` reads the account names) may leave the others unread, their lines copied as they
are. The seal is a keyed digest of the file's content. Its key is a random secret kept in the user's data folder
(mode 0600, made on first use), mixed with what reads the file (the models' source, pydantic and this layout): no
other program can make a seal that matches without reading the user's secret, and an edit by hand or by another
tool, a restore, a copy from elsewhere or a different salesplan leaves it not matching; such a file is read and
checked whole, as any file is. What a seal vouches for is the checks each line passed when it was written (a date in
the window, a dropped action's reason, a one-on-one's manager, links to records that exist): a sealed file's records
are read without running them again (lines.trusted_validator), and records that are not needed may stay unread. It
never vouches for a record's shape: types, numbers that are not finite and unknown fields are refused all the same.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
import tempfile
from functools import cache
from pathlib import Path

LAYOUT = b"one record a line, v1"
SECRET_NAME = "seal.key"
_NOT_BLOCKING_NOR_FOLLOWING = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)


def seal_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.seal")


def secret_path() -> Path:
    from salesplan_tui.core.base.paths import data_dir

    return data_dir() / SECRET_NAME


def _read_secret(file: Path) -> bytes | None:
    """The secret, only from a regular file of the user's own that nobody else can read or write."""
    try:
        fd = os.open(file, os.O_RDONLY | _NOT_BLOCKING_NOR_FOLLOWING)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        found = os.read(fd, 200).strip()
    except OSError:
        return None
    finally:
        os.close(fd)
    return found if len(found) >= 32 else None


def _secret() -> bytes | None:
    """The user's seal secret, made (random, 0600, never replacing one another process made first) when missing;
    None when it cannot be had (then nothing is ever taken as sealed, and every file is checked whole)."""
    file = secret_path()
    found = _read_secret(file)
    if found is not None or file.exists():
        return found
    with contextlib.suppress(OSError):
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".seal-", dir=file.parent)  # 0600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_hex(32).encode() + b"\n")
                out.flush()
                os.fsync(out.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, file)  # the first process to get here makes it; the others read that one
        finally:
            os.unlink(tmp)
    return _read_secret(file)


@cache
def _key() -> bytes | None:
    """What the seal is keyed with: the user's secret, the models' source, the pydantic that runs them and this
    layout; None when the secret or the models' source cannot be read (then nothing is ever taken as sealed)."""
    import pydantic
    import pydantic_core

    from salesplan_tui.core.model import records as models
    from salesplan_tui.core.model.version import SCHEMA_VERSION

    secret = _secret()
    try:
        source = Path(models.__file__).read_bytes()
    except (OSError, TypeError):
        return None
    if secret is None:
        return None
    parts = [secret, source, LAYOUT, str(SCHEMA_VERSION).encode(), pydantic.VERSION.encode(),
             pydantic_core.__version__.encode()]
    return hashlib.blake2b(b"\0".join(parts), digest_size=32).digest()


def _seal_of(digest: bytes) -> str | None:
    key = _key()
    return None if key is None else hashlib.blake2b(digest, key=key, digest_size=32).hexdigest()


def holds(path: Path, digest: bytes) -> bool:
    """Whether the file whose content has this digest is what this salesplan last wrote there."""
    expected = _seal_of(digest)
    if expected is None:
        return False
    try:  # a pipe or device in its place is not read (it could block or never end), nor followed if a link
        fd = os.open(seal_path(path), os.O_RDONLY | _NOT_BLOCKING_NOR_FOLLOWING)
    except OSError:
        return False
    try:
        found = os.read(fd, 200) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        return False
    finally:
        os.close(fd)
    return found.strip() == expected.encode()


def seal(path: Path, digest: bytes) -> None:
    """Notes that the file now holds the content with this digest; call it only after the file is in place.

    Written in place, without fsync: a seal cut short by a crash, or read half-written, only fails to match, and the
    next opening checks the whole file. Failing to write it is not an error for the same reason.
    """
    value = _seal_of(digest)
    try:
        if value is None:
            seal_path(path).unlink(missing_ok=True)
            return
        # Never through a link left in its place (it would write over what it points at), never into a pipe.
        fd = os.open(seal_path(path), os.O_WRONLY | os.O_CREAT | _NOT_BLOCKING_NOR_FOLLOWING, 0o600)
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.ftruncate(fd, 0)
                os.write(fd, value.encode() + b"\n")
        finally:
            os.close(fd)
    except OSError:
        pass
