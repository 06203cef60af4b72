"""Provides the inbox: actions captured from the shell while the app holds the workspace, taken in by the app."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.coach import Lexicon
from salesplan_tui.core.model.change import Change, WorkspaceView
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


@dataclass(frozen=True)
class Entry:
    """One captured sentence waiting in the inbox, with where it is tied and the day its dates were read on."""

    file: Path
    sentence: str
    today: dt.date
    deal_id: int | None = None
    objective_id: int | None = None


def leave(path: Path, sentence: str, *, today: dt.date, deal_id: int | None = None,
          objective_id: int | None = None) -> Path:
    """Writes a captured sentence into the workspace's inbox (atomically, private); the app takes it in."""
    folder = inbox_dir(path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        target = folder / f"{stamp}-{uuid.uuid4().hex[:8]}{SUFFIX}"
        atomic_write(target, json.dumps({"sentence": sentence, "today": today.isoformat(), "deal_id": deal_id,
                                         "objective_id": objective_id}, ensure_ascii=False).encode())
    except OSError as e:
        raise StorageError(f"could not leave the action in {folder} ({e.strerror}); nothing was saved") from None
    return target


def waiting(path: Path) -> list[Path]:
    """The inbox's entries not yet taken in, oldest first (a listing: cheap enough to check every second)."""
    try:
        return sorted(p for p in inbox_dir(path).iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith("."))
    except OSError:
        return []


def read(file: Path) -> Entry:
    """One entry, or ValueError saying what is wrong with it."""
    try:
        raw = json.loads(read_regular(file, ENTRY_LIMIT))
        return Entry(file, str(raw["sentence"]), dt.date.fromisoformat(raw["today"]),
                     _id(raw.get("deal_id")), _id(raw.get("objective_id")))
    except KeyError as e:
        raise ValueError(f"{file.name} cannot be read (it has no {e.args[0]!r})") from None
    except (OSError, ValueError, TypeError) as e:
        raise ValueError(f"{file.name} cannot be read ({e})") from None


def _id(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not a record id")
    return value


def change_for(entry: Entry, view: WorkspaceView, clock: Clock, lexicon: Lexicon | None = None) -> Change:
    """The action an entry describes, judged again as it was said (dates read on the day it was captured)."""
    verdict = judge_answer(view, entry.sentence, today=entry.today, lexicon=lexicon)
    change = capture(view, clock, verdict, entry.sentence, deal_id=entry.deal_id, objective_id=entry.objective_id)
    return Change("take in a captured action", change.records, f"Captured from the shell: {entry.sentence}")


def take_in_all(repo: Repository, clock: Clock) -> list[str]:
    """Saves every waiting entry into a workspace this process writes (a later `add` finds what an earlier one
    left while another writer held the file); returns one line per entry that had to be set aside."""
    problems = []
    for file in waiting(repo.path):
        try:
            repo.apply(change_for(read(file), repo, clock))
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
