"""Provides what a review did to the plan: the actions it made, and those it marked done, dropped, rescheduled or confirmed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salesplan_tui.core.base.words import plural
from salesplan_tui.core.model.change import WorkspaceView
from salesplan_tui.core.model.records import Action, ActionStatus, Kind, Review


@dataclass
class Effects:
    """The plan's records a review changed, each kind of change in its own list."""

    made: list[Action] = field(default_factory=list)
    done: list[Action] = field(default_factory=list)
    dropped: list[Action] = field(default_factory=list)
    rescheduled: list[Action] = field(default_factory=list)
    on_track: list[Action] = field(default_factory=list)

    def counted(self) -> list[str]:
        """Each kind of change with its count ("2 actions it made", "1 marked done"), leaving out the kinds with none."""
        made = len(self.made)
        parts = [(made, f"{plural(made, 'action')} it made"), (len(self.done), f"{len(self.done)} marked done"),
                 (len(self.dropped), f"{len(self.dropped)} dropped"),
                 (len(self.rescheduled), f"{len(self.rescheduled)} rescheduled"),
                 (len(self.on_track), f"{len(self.on_track)} confirmed on track")]
        return [words for count, words in parts if count]


def during(review: Review, moment: dt.datetime) -> bool:
    """Whether a moment falls inside the review (from its start to its end, or on while it is open)."""
    return review.started_at <= moment <= (review.ended_at or moment)


def effects(view: WorkspaceView, review: Review) -> Effects:
    """What the review changed in the plan, read from the records as they are now (an undone step is not counted)."""
    found = Effects()
    answered = {a.item for a in review.answers if a.accepted}
    walked: set[int] = set()
    for index, item in enumerate(review.items):
        if item.kind not in (Kind.ACTION, Kind.COMMITMENT) or item.state != "done" or item.ref_id is None:
            continue
        action = view.get(Action, item.ref_id)
        if action is None:
            continue
        walked.add(action.id)
        if action.status == ActionStatus.DONE and action.completed_at and during(review, action.completed_at):
            found.done.append(action)
        elif action.status == ActionStatus.DROPPED:
            found.dropped.append(action)
        elif any(during(review, s.at) for s in action.slips) or (action.id in review.action_ids and index in answered):
            found.rescheduled.append(action)  # a new date, or the same action answered with new words
        elif action.id in review.action_ids:
            found.on_track.append(action)
    found.made = [a for a in (view.get(Action, i) for i in review.action_ids) if a is not None and a.id not in walked]
    return found


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def what_stays(view: WorkspaceView, review: Review) -> str:
    """Throwing a review away keeps what it did to the plan; this says exactly what that is."""
    counted = effects(view, review).counted()
    return f"Your plan keeps what it changed: {_join(counted)}." if counted else "It changed nothing in your plan."


def what_goes(review: Review) -> str:
    """Throwing a review away takes the review itself out of the list: this says what that holds."""
    answers = len(review.answers)
    return f"The review leaves the list of reviews, with its {plural(answers, 'answer')}, notes and skips."
