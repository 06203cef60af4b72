"""Provides quick capture from the shell: a judged sentence saved as an action, or left in the inbox of a busy file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.capture import inbox
from salesplan_tui.core.coach import Judgement, judge
from salesplan_tui.core.model.records import Action
from salesplan_tui.core.plan.action_ops import capture, judge_answer
from salesplan_tui.core.storage import Repository

INBOX_WAIT = 1.0  # seconds to wait for a parallel command before the action goes into the app's inbox


@dataclass(frozen=True)
class Captured:
    """What became of a sentence: refused (the verdict says why), saved as `action`, or left in the inbox."""

    verdict: Judgement
    action: Action | None = None
    left_in_inbox: bool = False
    warnings: list[str] = field(default_factory=list)


def add(path: Path, sentence: str, *, today: dt.date, clock: Clock, deal_ref: str | None = None,
        objective_id: int | None = None) -> Captured:
    """Judges a sentence against the workspace (its accounts, the deal named) and saves the action it describes,
    opening the file once. While another window holds it (the app), the action is left in the inbox the app takes
    in, so two writers never meet. Raises StorageError (ValidationFailed for a deal not found) with nothing written."""
    if not path.exists():  # a new workspace is made only for a sentence that is a plan
        verdict = judge(sentence, today=today)
        if not verdict.specific:
            return Captured(verdict)
    # Lazy: a file this salesplan wrote last has only the records the sentence needs read (the account and contact
    # names, the deal named, the ids of actions); every other record is written back as the line it was.
    repo = Repository(path, wait=INBOX_WAIT, lazy=True)
    with repo:
        deal_id = None
        if deal_ref is not None:
            from salesplan_tui.core.pipeline.deal_list import (
                find_deal,  # (with the plan rules it imports: only when a deal is named)
            )

            deal_id = find_deal(repo, deal_ref).id
        verdict = judge_answer(repo, sentence, today=today)
        if not verdict.specific:
            return Captured(verdict)
        if repo.read_only:
            inbox.leave(path, sentence, today=today, deal_id=deal_id, objective_id=objective_id)
            return Captured(verdict, left_in_inbox=True)
        warnings = inbox.take_in_all(repo, clock)  # what earlier captures left while the file was busy
        change = capture(repo, clock, verdict, sentence, deal_id=deal_id, objective_id=objective_id)
        repo.apply(change)
        return Captured(verdict, change.first(Action), warnings=[*warnings, *repo.problems])
