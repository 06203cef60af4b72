"""Provides "since last time": what changed in commitments, pipeline and plan since the last one-on-one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import (
    CATEGORY_LABELS,
    Action,
    ActionStatus,
    Category,
    Deal,
    Goal,
    Kind,
    Objective,
    Record,
    Review,
    ReviewKind,
    Slip,
    value_at,
)
from salesplan_tui.core.pipeline.movement import Movement, movement
from salesplan_tui.core.plan.rules import RULES, check

DONE, DROPPED, OPEN = "done", "dropped", "open"
_MODELS: dict[str, type[Record]] = {Kind.ACTION: Action, Kind.DEAL: Deal, Kind.OBJECTIVE: Objective, Kind.GOAL: Goal}


@dataclass(frozen=True)
class Commitment:
    """One action promised in the last one-on-one and what became of it.

    Args:
        promised_due: the date it had when the last one-on-one ended.
        due: the date it has now (later when it slipped).
        slips: how many times its date moved since then.
        late_days: for a done one, the days it was done after its due date (0 on time).
        overdue: open and past its due date (an open one not yet due is no failure).
    """

    action_id: int
    owner: str
    target: str
    outcome: str
    state: str  # DONE, DROPPED or OPEN
    promised_due: dt.date
    due: dt.date
    slips: int
    completed_on: dt.date | None = None
    late_days: int = 0
    drop_reason: str = ""
    overdue: bool = False

    @property
    def kept(self) -> bool:
        return self.state == DONE


@dataclass(frozen=True)
class Progress:
    """An objective's figure then and now, and its share of the way to target at each."""

    objective_id: int
    title: str
    metric: str
    unit: str
    then: float
    now: float
    target: float
    progress_then: float
    progress_now: float

    @property
    def moved(self) -> bool:
        return self.then != self.now


@dataclass(frozen=True)
class FindingNote:
    """A plan finding by its key ('rule:kind:ref'), with its rule's label and the title of what it is about."""

    key: str
    label: str
    title: str


@dataclass(frozen=True)
class SinceLast:
    """What changed between the end of the last one-on-one with a manager (`since`) and `now`.

    `findings_compared` is False when the last one-on-one kept no findings (one finished before they were kept):
    then every finding open now would wrongly read as new, so none is called new or resolved.
    """

    previous_id: int
    manager: str
    since: dt.datetime
    now: dt.datetime
    commitments: tuple[Commitment, ...]
    pipeline: Movement
    objectives: tuple[Progress, ...]
    new_findings: tuple[FindingNote, ...]
    resolved_findings: tuple[FindingNote, ...]
    findings_compared: bool = True

    @property
    def kept(self) -> int:
        return sum(1 for c in self.commitments if c.kept)


def previous_one_on_one(view: WorkspaceView, manager: str, now: dt.datetime,
                        before_review_id: int | None = None) -> Review | None:
    """The last one-on-one with the manager (any case) finished by `now`, and started before the given review."""
    name = manager.strip().casefold()
    if not name:
        return None
    this = view.get(Review, before_review_id)
    found = [r for r in view.all(Review) if r.kind == ReviewKind.ONE_ON_ONE and r.ended_at is not None
             and r.ended_at <= now and r.manager.strip().casefold() == name and r.id != before_review_id
             and (this is None or r.started_at < this.started_at)]
    return max(found, key=lambda r: r.started_at, default=None)


def since_last(view: WorkspaceView, manager: str, now: dt.datetime, *, before_review_id: int | None = None,
               findings_now: Sequence[str] | None = None) -> SinceLast | None:
    """What changed since the last finished one-on-one with this manager; None when there is none.

    The window starts when that one-on-one ended, not when it started: what was done, moved or promised during
    the meeting was already in front of the manager, and its findings were kept at its end.

    Args:
        now: the end of the window; records are read as they were then (stage, value, slips, completion).
        before_review_id: a one-on-one whose own "since last time" is wanted (its Markdown): the last one
            before it is the start, and it is never its own start.
        findings_now: the finding keys open at `now` when already known (a finished one-on-one kept them);
            otherwise the plan rules are run on `now`'s day.
    """
    last = previous_one_on_one(view, manager, now, before_review_id)
    if last is None or last.ended_at is None:
        return None
    then = last.ended_at
    today = now.astimezone().date()
    keys_now = list(findings_now) if findings_now is not None else [f.key for f in check(view, today)]
    compared = bool(last.findings_at_end)
    before, after = set(last.findings_at_end), set(keys_now)
    return SinceLast(
        previous_id=last.id, manager=last.manager, since=then, now=now,
        commitments=tuple(_commitment(a, then, now, today) for a in
                          (view.get(Action, i) for i in last.action_ids) if a is not None),
        pipeline=movement(view, then, now),
        objectives=tuple(_progress(o, then, now) for o in view.all(Objective)),
        new_findings=tuple(_note(view, k) for k in keys_now if k not in before) if compared else (),
        resolved_findings=tuple(_note(view, k) for k in last.findings_at_end if k not in after) if compared else (),
        findings_compared=compared,
    )


def date_at(slips: list[Slip], current: dt.date, moment: dt.datetime) -> dt.date:
    """The due date something had at a moment, from its slips: the old date of the first slip after it."""
    later = [s for s in slips if s.at > moment]
    return min(later, key=lambda s: s.at).old if later else current


def _commitment(action: Action, then: dt.datetime, now: dt.datetime, today: dt.date) -> Commitment:
    due = date_at(action.slips, action.due, now)
    slips = sum(1 for s in action.slips if then < s.at <= now)
    done = action.status == ActionStatus.DONE and action.completed_at is not None and action.completed_at <= now
    state = DONE if done else DROPPED if action.status == ActionStatus.DROPPED else OPEN
    completed_on = action.completed_at.astimezone().date() if done and action.completed_at else None
    return Commitment(
        action_id=action.id, owner=action.owner, target=action.target, outcome=action.outcome, state=state,
        promised_due=date_at(action.slips, action.due, then), due=due, slips=slips, completed_on=completed_on,
        late_days=max(0, (completed_on - due).days) if completed_on else 0,
        drop_reason=action.drop_reason if state == DROPPED else "",
        overdue=state == OPEN and due < today)


def _progress(objective: Objective, then: dt.datetime, now: dt.datetime) -> Progress:
    was = value_at(objective.current_history, objective.current, then)
    now_value = value_at(objective.current_history, objective.current, now)
    return Progress(objective.id, objective.title, objective.metric, objective.unit, was, now_value, objective.target,
                    objective.model_copy(update={"current": was}).progress,
                    objective.model_copy(update={"current": now_value}).progress)


def _note(view: WorkspaceView, key: str) -> FindingNote:
    """A finding named from its key alone: its rule's label and the title of its record (or category)."""
    rule, _, rest = key.partition(":")
    kind, _, ref = rest.partition(":")
    title = ref
    if kind == Kind.CATEGORY and ref in Category._value2member_map_:
        title = CATEGORY_LABELS[Category(ref)]
    elif kind in _MODELS and ref.isdigit():
        record = view.get(_MODELS[kind], int(ref))
        title = _title(record) if record is not None else f"{kind} {ref} (no longer in the workspace)"
    return FindingNote(key, RULES.get(rule, rule), title)


def _title(record: Record) -> str:
    return record.outcome if isinstance(record, Action) else str(getattr(record, "title", record.id))
