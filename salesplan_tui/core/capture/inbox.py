"""Provides the inbox: actions captured from the shell while the app holds the workspace, taken in by the app."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.coach import Lexicon
from salesplan_tui.core.model.change import Change, WorkspaceView
from salesplan_tui.core.model.records import Action
from salesplan_tui.core.plan.action_ops import capture, judge_answer
from salesplan_tui.core.storage.atomic import atomic_write, read_regular
from salesplan_tui.core.storage.errors import StorageError

if TYPE_CHECKING:
    from salesplan_tui.core.storage import Repository

SUFFIX = ".json"
ENTRY_LIMIT = 64_000  # one captured sentence: anything larger is not an entry
REFUSED = ".refused"


def inbox_dir(path: Path) -> Path:
    return path.with_name(path.name + ".inbox")


class UntrustedInbox(StorageError):
    """The inbox folder is not the user's own (a link, another owner, writable by others): nothing in it is taken in,
    nothing is left in it."""


def _trusted(folder: Path, *, create: bool) -> bool:
    """Whether the inbox folder is there and the user's alone (creating it 0700 when asked); raises UntrustedInbox
    when it is a link, not a folder, someone else's, or writable by others."""
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise UntrustedInbox(f"the inbox {folder} is a symbolic link; salesplan uses only a folder of its own there")
    if not stat.S_ISDIR(info.st_mode):
        raise UntrustedInbox(f"the inbox {folder} is not a folder")
    if info.st_uid != os.getuid():
        raise UntrustedInbox(f"the inbox {folder} belongs to another user; salesplan uses only a folder of your own")
    if info.st_mode & 0o022:
        raise UntrustedInbox(f"the inbox {folder} can be written by other users; make it yours alone with: "
                             f"chmod 700 {folder}")
    return True


@dataclass(frozen=True)
class Entry:
    """One captured sentence waiting in the inbox, with where it is tied, the day its dates were read on, and its id
    (the action it makes keeps it, so an entry is taken in once however often intake is cut short)."""

    file: Path
    sentence: str
    today: dt.date
    deal_id: int | None = None
    objective_id: int | None = None
    id: str = ""


def leave(path: Path, sentence: str, *, today: dt.date, deal_id: int | None = None,
          objective_id: int | None = None) -> Path:
    """Writes a captured sentence into the workspace's inbox (atomically, private); the app takes it in.

    Raises StorageError (UntrustedInbox for a folder that is not the user's own) with nothing left there (the caller
    says that nothing was written).
    """
    folder = inbox_dir(path)
    try:
        _trusted(folder, create=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        entry_id = uuid.uuid4().hex
        target = folder / f"{stamp}-{entry_id[:8]}{SUFFIX}"
        atomic_write(target, json.dumps({"id": entry_id, "sentence": sentence, "today": today.isoformat(),
                                         "deal_id": deal_id, "objective_id": objective_id},
                                        ensure_ascii=False).encode())
    except UntrustedInbox:
        raise
    except OSError as e:
        raise StorageError(f"could not leave the action in {folder} ({e.strerror})") from None
    return target


def waiting(path: Path) -> list[Path]:
    """The inbox's entries not yet taken in, oldest first (a listing: cheap enough to check every second): regular
    files of the user's own, never a link. Raises UntrustedInbox when the folder is not the user's alone."""
    folder = inbox_dir(path)
    if not _trusted(folder, create=False):
        return []
    mine = os.getuid()
    try:
        with os.scandir(folder) as entries:
            return sorted(folder / e.name for e in entries
                          if e.name.endswith(SUFFIX) and not e.name.startswith(".")
                          and e.is_file(follow_symlinks=False) and e.stat(follow_symlinks=False).st_uid == mine)
    except OSError:
        return []


def count_waiting(path: Path) -> int:
    """How many entries wait (0 when the inbox is missing or not to be trusted): for `check` and `export` to say."""
    try:
        return len(waiting(path))
    except StorageError:
        return 0


def read(file: Path) -> Entry:
    """One entry, or ValueError saying what is wrong with it (a link or a device is not read)."""
    try:
        raw = json.loads(read_regular(file, ENTRY_LIMIT, follow=False))
        entry_id = raw.get("id", file.name.removesuffix(SUFFIX))  # an entry left by an older salesplan: its name
        if not isinstance(entry_id, str) or not entry_id:
            raise ValueError(f"{entry_id!r} is not an entry id")
        return Entry(file, str(raw["sentence"]), dt.date.fromisoformat(raw["today"]),
                     _id(raw.get("deal_id")), _id(raw.get("objective_id")), entry_id)
    except KeyError as e:
        raise ValueError(f"{file.name} cannot be read (it has no {e.args[0]!r})") from None
    except (OSError, ValueError, TypeError, AttributeError) as e:
        raise ValueError(f"{file.name} cannot be read ({e})") from None


def _id(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a record id")
    return value


def taken_ids(view: WorkspaceView) -> set[str]:
    """The ids of the entries already taken in: every action, archived ones too, that keeps one."""
    return {a.capture_id for a in view.all(Action, archived=True) if a.capture_id}


def change_for(entry: Entry, view: WorkspaceView, clock: Clock, lexicon: Lexicon | None = None) -> Change:
    """The action an entry describes, judged again as it was said (dates read on the day it was captured); the action
    keeps the entry's id."""
    verdict = judge_answer(view, entry.sentence, today=entry.today, lexicon=lexicon)
    change = capture(view, clock, verdict, entry.sentence, deal_id=entry.deal_id, objective_id=entry.objective_id)
    records = tuple(r.model_copy(update={"capture_id": entry.id}) if isinstance(r, Action) and entry.id else r
                    for r in change.records)
    return Change("take in a captured action", records, f"Captured from the shell: {entry.sentence}")


def take_in_all(repo: Repository, clock: Clock) -> list[str]:
    """Saves every waiting entry into a workspace this process writes (a later `add` finds what an earlier one
    left while another writer held the file); returns one line per entry that had to be set aside.

    Exactly once: an entry whose id an action already keeps (its action was saved, and the process was killed before
    the entry was removed) is only removed.
    """
    problems: list[str] = []
    try:
        files = waiting(repo.path)
    except StorageError as e:
        return [f"{e}; nothing in it was taken in"]
    done = taken_ids(repo) if files else set()
    for file in files:
        try:
            entry = read(file)
            if entry.id not in done:
                repo.apply(change_for(entry, repo, clock))
                done.add(entry.id)
        except (ValueError, ValidationFailed) as e:  # damaged, or no longer a plan (its deal was deleted since)
            problems.append(f"a captured action could not be taken in ({e}); it is kept as {set_aside(file)}")
            continue
        taken(file)  # a full disk (StorageError) is not caught: the entry waits for the next writer
    return problems


def taken(entry_file: Path) -> None:
    """Removes an entry once its action is saved."""
    entry_file.unlink(missing_ok=True)


def set_aside(entry_file: Path) -> Path:
    """Keeps an entry that could not be taken in (its deal was deleted, say) beside the others, out of the way."""
    aside = entry_file.with_name(entry_file.name + REFUSED)
    os.replace(entry_file, aside)
    return aside
