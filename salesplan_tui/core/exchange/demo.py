"""Provides the demo workspace: the bundled file, its dates moved so that its "today" is the real today."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any, TypeVar

from salesplan_tui.core.base.paths import bundled
from salesplan_tui.core.exchange.anchored import anchored_to
from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.model.change import Change, WorkspaceView
from salesplan_tui.core.model.records import Action, ActionStatus, Record, Review
from salesplan_tui.core.plan.rules import check
from salesplan_tui.core.storage import Repository
from salesplan_tui.core.storage.atomic import parse_bytes
from salesplan_tui.core.storage.lock import WriterLock

R = TypeVar("R", bound=Record)

SELLER = "Alex Morgan"


def demo_file() -> Path:
    return bundled("sample_data") / "demo.json"


def demo_document(today: dt.date, source: Path | None = None) -> dict[str, Any]:
    """The demo's export document with its anchor day moved to today."""
    doc = parse_bytes((source or demo_file()).read_bytes())
    doc["workspace"].setdefault("seller", SELLER)  # whose plan it is: every heading that would say "me" names her
    for review in doc.get("reviews", []):
        if review.get("seller", "me") == "me":
            review["seller"] = SELLER
    return anchored_to(doc, today)


PREFIX = "salesplan-demo-"


def sweep_stale_copies(parent: Path | None = None) -> int:
    """Removes demo copies left by a demo that was killed (its lock is free: no app has it open); returns how many."""
    removed = 0
    for folder in Path(parent or tempfile.gettempdir()).glob(PREFIX + "*"):
        lock = WriterLock(folder / "demo.json")
        try:
            if not folder.is_dir() or not lock.acquire():
                continue
        except OSError:
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
        finally:
            lock.release()
    return removed


def open_demo(today: dt.date | None = None, folder: Path | None = None, *, role: str = "command") -> Repository:
    """A fresh, writable copy of the demo in a temporary folder; the shipped file is never modified."""
    today = today or dt.date.today()
    if folder is None:
        sweep_stale_copies()
    contents = from_document(demo_document(today))
    target = Path(folder or tempfile.mkdtemp(prefix=PREFIX)) / "demo.json"
    repo = Repository(target, keep_backups=0, role=role)
    repo.replace_all(contents)
    kept = [_with_findings_at_end(repo, r) for r in repo.all(Review) if r.finished and not r.findings_at_end]
    if kept:
        repo.apply(Change("keep the past reviews' findings", tuple(kept), undoable=False))
    return repo


def _with_findings_at_end(repo: Repository, review: Review) -> Review:
    """A past review of the demo with the findings it would have kept as it ended, as a real one does: read from
    the plan as it stood then, so the next one-on-one's "since last time" says which are new and which resolved."""
    assert review.ended_at is not None
    then = _AsItWas(repo, review.ended_at)
    return review.model_copy(update={"findings_at_end": [f.key for f in check(then, review.ended_at.date())]})


class _AsItWas:
    """The workspace as the plan rules read it at a past moment: the actions made since left out, and those done
    since still open (deals, objectives and goals are read as they are: the demo's history is in its actions)."""

    def __init__(self, view: WorkspaceView, moment: dt.datetime) -> None:
        self.view, self.moment = view, moment
        self.process = view.process
        self._actions = [self._then(a) for a in view.all(Action) if a.created_at <= moment]

    def _then(self, action: Action) -> Action:
        if action.completed_at is not None and action.completed_at > self.moment:
            return action.model_copy(update={"status": ActionStatus.OPEN, "completed_at": None})
        return action

    def get(self, model: type[R], record_id: int | None) -> R | None:
        if model is Action:
            return next((a for a in self._actions if a.id == record_id), None)  # type: ignore[return-value]
        return self.view.get(model, record_id)

    def all(self, model: type[R], *, archived: bool = False) -> list[R]:
        return self._actions if model is Action else self.view.all(model, archived=archived)  # type: ignore[return-value]

    def actions_by(self, key: str) -> dict[int, list[Action]]:
        grouped: dict[int, list[Action]] = {}
        for action in sorted(self._actions, key=lambda a: (a.due, a.id)):
            if (ref := getattr(action, key)) is not None:
                grouped.setdefault(ref, []).append(action)
        return grouped

    def next_id(self, model: type[Record]) -> int:
        return self.view.next_id(model)
