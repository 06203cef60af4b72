"""Provides quick capture from the shell: a judged sentence saved as an action, or left in the inbox of a busy file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import inbox
from .action_ops import capture
from .clock import Clock
from .coach import Judgement
from .models import Action
from .storage import Repository

INBOX_WAIT = 1.0  # seconds to wait for a parallel command before the action goes into the app's inbox


@dataclass(frozen=True)
class Captured:
    """What became of a captured sentence: saved as this action, or left in the inbox (action is None)."""

    action: Action | None
    warnings: list[str] = field(default_factory=list)


def save_or_leave(path: Path, verdict: Judgement, sentence: str, *, today: dt.date, clock: Clock,
                  deal_id: int | None = None, objective_id: int | None = None) -> Captured:
    """Saves the action a specific answer describes; while another window holds the file (the app), leaves it in the
    inbox the app takes in instead, so two writers never meet. Raises StorageError when neither can be done."""
    repo = Repository(path, wait=INBOX_WAIT)
    if repo.read_only:
        repo.close()
        inbox.leave(path, sentence, today=today, deal_id=deal_id, objective_id=objective_id)
        return Captured(None)
    with repo:
        warnings = inbox.take_in_all(repo, clock)  # what earlier captures left while the file was busy
        change = capture(repo, clock, verdict, sentence, deal_id=deal_id, objective_id=objective_id)
        repo.apply(change)
        return Captured(change.first(Action), [*warnings, *repo.problems])
