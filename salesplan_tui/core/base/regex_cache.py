"""Provides compiled(): a regular expression compiled once on this machine and kept, not compiled again by every process.

The coach reads with a few hundred long patterns (the date grammar, the lexicon's word lists and the targets built
from them). Python keeps compiled patterns only in memory, so every `salesplan add` compiled them all again: about a
third of the command's time. Here the compiler's output for each pattern is kept in the user's cache folder, keyed to
the pattern's text, its flags and the exact Python build, and given back to the regular-expression engine, which
checks any code it is given, the next time: the same Pattern, equal to what re.compile makes. Whatever is unexpected
(another Python whose compiler works otherwise, a damaged or foreign cache file) falls back to re.compile.

Only patterns built from the program's own text and the coach's word lists (the team's coach.json among them) go
through here, never one holding what a user typed or a workspace names: the cache holds a bounded set of patterns.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import marshal
import os
import re
import stat
import sys
import tempfile
import threading
from array import array
from functools import cache
from pathlib import Path
from typing import Any

# The engine and the compiler re.compile uses (CPython's own modules, not a public interface: hence every check below).
try:
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
except ImportError:  # another Python: re.compile it is
    _sre = _compiler = None

LIMIT = 4000  # patterns kept: many times what the coach uses; a cache that grows past it starts again
SIZE_LIMIT = 64_000_000  # bytes: a larger file is not this cache
_CODE = "I"  # the engine's code units: 32-bit
FORMAT = 2  # of the entries (2: each pattern's code as bytes)
# The exact interpreter: a cache written by another build is never read (the engine's code changes between them).
BUILD = (FORMAT, sys.version, sys.hexversion, getattr(_sre, "MAGIC", None), sys.implementation.cache_tag)
_NOT_BLOCKING_NOR_FOLLOWING = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)

Key = tuple[str, int]
_made: dict[Key, re.Pattern[str]] = {}  # this process's patterns
_new: dict[Key, tuple[Any, ...]] = {}  # entries compiled by this process, written when it exits
_swap = threading.Lock()


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from the cache when this machine compiled it before."""
    key = (pattern, int(flags))
    found = _made.get(key)
    if found is None:
        found = _made[key] = _compile(key)
    return found


def cache_file() -> Path:
    """The cache of this Python build, in the user's cache folder ($XDG_CACHE_HOME/salesplan on Linux)."""
    import platformdirs

    from salesplan_tui.core.base.paths import APP_NAME

    folder = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    return folder / f"patterns-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal"


def _compile(key: Key) -> re.Pattern[str]:
    kept = _stored().get(key)
    if kept is not None:
        with contextlib.suppress(Exception):  # an entry damaged, or one the engine refuses: compiled again below
            args = _unpacked(kept)
            if args[0] == key[0]:
                return _sre.compile(*args)
    made, recorded = _recorded(key)
    entry = _packed(recorded) if recorded is not None else None
    if entry is not None:
        if not _new:
            atexit.register(_write)
        _new[key] = entry
    return made


class _Recording:
    """Stands in for the engine module while one pattern is compiled, keeping the arguments the compiler gave it."""

    def __init__(self, engine: Any, pattern: str) -> None:
        self._engine = engine
        self._pattern = pattern
        self.args: tuple[Any, ...] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def compile(self, *args: Any) -> Any:
        made = self._engine.compile(*args)
        if args and args[0] is self._pattern:  # (another thread compiling meanwhile is passed through untouched)
            self.args = args
        return made


def _recorded(key: Key) -> tuple[re.Pattern[str], tuple[Any, ...] | None]:
    """The pattern compiled as re.compile compiles it, with the engine's arguments when they can be kept."""
    pattern, flags = key
    if _compiler is None or getattr(_compiler, "_sre", None) is not _sre:
        return re.compile(pattern, flags), None
    recording = _Recording(_sre, pattern)
    with _swap:
        _compiler._sre = recording
        try:
            made = _compiler.compile(pattern, flags)
        finally:
            _compiler._sre = _sre
    return made, recording.args


def _packed(args: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The compiler's arguments as plain data to keep (None when they cannot be): the code, a list of opcodes (named
    int constants), as the bytes of an array, read back in one go; which arguments were such lists, last."""
    try:
        items = tuple(array(_CODE, v).tobytes() if _is_code(v) else _plain(v) for v in args)
        entry = (*items, tuple(i for i, v in enumerate(args) if _is_code(v)))
        marshal.dumps(entry)
    except (ValueError, OverflowError, TypeError):  # something only this process can hold: compiled, not kept
        return None
    return entry


def _unpacked(entry: tuple[Any, ...]) -> tuple[Any, ...]:
    *items, lists = entry
    for i in lists:
        items[i] = array(_CODE, items[i]).tolist()
    return tuple(items)


def _is_code(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, int) for v in value)


def _plain(value: Any) -> Any:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@cache
def _stored() -> dict[Key, tuple[Any, ...]]:
    """The cache file's entries, read once, on the first pattern asked for."""
    return _read(_file())


@cache
def _file() -> Path:
    """The cache file, chosen once: what this process read is what it adds to, whatever the environment says by exit."""
    return cache_file()


def _read(file: Path) -> dict[Key, tuple[Any, ...]]:
    """The entries of a cache file that is the user's own (nobody else may write it) and of this very Python."""
    try:
        fd = os.open(file, os.O_RDONLY | _NOT_BLOCKING_NOR_FOLLOWING)
    except OSError:
        return {}
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022
                or info.st_size > SIZE_LIMIT):
            return {}
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    finally:
        os.close(fd)
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == BUILD and isinstance(data[1], dict)):
        return {}
    return data[1]


def _write() -> None:
    """Keeps what this process compiled beside what the file holds (atomically: a reader sees one file or the other).

    A cache: never fsynced, and a failure to write it costs only the time to compile again."""
    file = _file()
    now = _read(file)  # with what other processes kept since this one read it
    entries = {**now, **_new} if len(now) + len(_new) <= LIMIT else dict(_new)
    with contextlib.suppress(OSError, ValueError):
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".patterns-", dir=file.parent)  # 0600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps((BUILD, entries)))
            os.replace(tmp, file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
