"""Provides quick capture from the shell: a judged sentence saved as an action, or left in the inbox of a busy file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.capture import inbox
from salesplan_tui.core.coach import Judgement, Lexicon, judge
from salesplan_tui.core.model.records import Action
from salesplan_tui.core.plan.action_ops import capture, judge_answer
from salesplan_tui.core.plan.completion_context import as_stored
from salesplan_tui.core.storage import OutsideChange, Repository
from salesplan_tui.core.storage.lock import holder
from salesplan_tui.core.storage.repository import LOCKED_REASON
from salesplan_tui.core.storage.server_address import ServerAddress

if TYPE_CHECKING:
    from salesplan_tui.core.storage.opening import Target

INBOX_WAIT = 1.0  # seconds to wait for the writer before asking who it is
SERVER_TRIES = 20  # another writer saving first each time, twenty times running: said as a failure, nothing lost
COMMAND_WAIT = 10.0  # seconds more to wait for a command that writes (an import): it lets go, and `add` writes


@dataclass(frozen=True)
class Captured:
    """What became of a sentence: refused (the verdict says why), saved as `action`, or left in the inbox."""

    verdict: Judgement
    action: Action | None = None
    left_in_inbox: bool = False
    warnings: list[str] = field(default_factory=list)
    held_by: str = ""  # with left_in_inbox: "app" when an app is the writer, else "command" (one still writing)


def add(path: Target, sentence: str, *, today: dt.date, clock: Clock, deal_ref: str | None = None,
        objective_id: int | None = None, lexicon: Lexicon | None = None) -> Captured:
    """Judges a sentence against the workspace (its accounts, the deal named) and saves the action it describes,
    opening the file once. While another window holds it (the app), the action is left in the inbox the app takes
    in, so two writers never meet. Raises StorageError (ValidationFailed for a deal not found) with nothing written."""
    if isinstance(path, ServerAddress):
        return _add_on_server(path, sentence, today=today, clock=clock, deal_ref=deal_ref, objective_id=objective_id,
                              lexicon=lexicon)
    if not path.exists():  # a new workspace is made only for a sentence that is a plan
        verdict = judge(sentence, today=today, lexicon=lexicon)
        if not verdict.specific:
            return Captured(verdict)
    with _open(path) as repo:
        return _capture(repo, path, sentence, today=today, clock=clock, deal_ref=deal_ref, objective_id=objective_id,
                        lexicon=lexicon)


def _add_on_server(address: ServerAddress, sentence: str, *, today: dt.date, clock: Clock, deal_ref: str | None,
                   objective_id: int | None, lexicon: Lexicon | None) -> Captured:
    """As `add`, on a server: nobody's lock to wait for; when another writer saved first, the workspace is read again
    and the action made again on it (both are kept), as the app does on an outside change."""
    from salesplan_tui.core.storage.opening import open_repository

    with open_repository(address) as repo:
        for _ in range(SERVER_TRIES - 1):
            try:
                return _capture(repo, None, sentence, today=today, clock=clock, deal_ref=deal_ref,
                                objective_id=objective_id, lexicon=lexicon)
            except OutsideChange:
                repo.reload()
        return _capture(repo, None, sentence, today=today, clock=clock, deal_ref=deal_ref, objective_id=objective_id,
                        lexicon=lexicon)


def _capture(repo: Repository, path: Path | None, sentence: str, *, today: dt.date, clock: Clock,
             deal_ref: str | None, objective_id: int | None, lexicon: Lexicon | None) -> Captured:
    """The sentence judged against the open workspace and saved (a busy file's: left in its inbox)."""
    deal_id = None
    if deal_ref is not None:
        from salesplan_tui.core.pipeline.deal_list import (
            find_deal,  # (with the plan rules it imports: only when a deal is named)
        )

        deal_id = find_deal(repo, deal_ref).id
    verdict = judge_answer(repo, sentence, today=today, deal_id=deal_id, lexicon=lexicon)
    if not verdict.specific:
        return Captured(verdict)
    # Stored as the app stores it (the workspace's names spelled), so `salesplan judge` and the next review give it
    # the verdict it got here: one function for both.
    stored = as_stored(repo, sentence, today=today, lexicon=lexicon, deal_id=deal_id)
    if stored != sentence:  # judged again only when it reads otherwise
        sentence, verdict = stored, judge_answer(repo, stored, today=today, deal_id=deal_id, lexicon=lexicon)
    if repo.read_only and path is not None:
        inbox.leave(path, sentence, today=today, deal_id=deal_id, objective_id=objective_id)
        return Captured(verdict, left_in_inbox=True, held_by=_writer(path))
    warnings = inbox.take_in_all(repo, clock)  # what earlier captures left while the file was busy
    change = capture(repo, clock, verdict, sentence, deal_id=deal_id, objective_id=objective_id)
    repo.apply(change)
    return Captured(verdict, change.first(Action), warnings=[*warnings, *repo.problems])


def _writer(path: Path) -> str:
    """Who holds the writer lock, as it says: "app", or "command" (a command, or a holder that says nothing)."""
    found = holder(path)
    return found[0] if found is not None else "command"


def _open(path: Path) -> Repository:
    """The workspace, writable unless an app holds it. Another command (an import) is waited for: it lets go soon.

    Lazy: a file this salesplan wrote last has only the records the sentence needs read (the account and contact
    names, the deal named, the ids of actions); every other record is written back as the line it was.
    """
    repo = Repository(path, wait=INBOX_WAIT, lazy=True)
    if repo.read_only_reason == LOCKED_REASON and _writer(path) != "app":
        repo.close()
        repo = Repository(path, wait=COMMAND_WAIT, lazy=True)
    return repo
