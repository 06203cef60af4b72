"""Provides the operations on actions: add, edit, complete, reopen, drop and reschedule, each returning a Change."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.model.change import Change, WorkspaceView, new, revise
from salesplan_tui.core.model.records import Account, Action, ActionStatus, Contact, Deal, Objective, Slip

if TYPE_CHECKING:
    from salesplan_tui.core.coach import Judgement, Lexicon

DONE_MESSAGE = "Done. What's next?"


def check_links(view: WorkspaceView, *, deal_id: int | None, objective_id: int | None) -> None:
    """Refuses a deal or objective that does not exist, naming the field."""
    if deal_id is not None and view.get(Deal, deal_id) is None:
        raise ValidationFailed.on("deal_id", f"there is no deal {deal_id}")
    if objective_id is not None and view.get(Objective, objective_id) is None:
        raise ValidationFailed.on("objective_id", f"there is no objective {objective_id}")


def add_action(view: WorkspaceView, clock: Clock, *, owner: str, target: str, outcome: str, due: dt.date,
               objective_id: int | None = None, deal_id: int | None = None, said: str = "") -> Change:
    """A new open action: who, aimed at whom, for what result, by when, and the sentence it was said in."""
    check_links(view, deal_id=deal_id, objective_id=objective_id)
    action = new(view, Action, owner=owner, target=target, outcome=outcome, due=due, objective_id=objective_id,
                 deal_id=deal_id, captured_from=said.strip(), created_at=clock.now())
    return Change("add action", (action,), "Saved.")


def judge_answer(view: WorkspaceView, text: str, *, today: dt.date, lexicon: Lexicon | None = None,
                 deal_id: int | None = None) -> Judgement:
    """The coach's verdict on an answer said about this workspace: the names it knows (accounts, contacts) count as
    targets in any case and read as the customer when they are the subject; "Dana" alone is the deal's Dana."""
    # Imported here: the coach compiles its date grammar on import (25 ms), and marking an action done
    # (the Plan pane's first screen imports this module) never needs it.
    from salesplan_tui.core.coach import judge

    deal = view.get(Deal, deal_id) if deal_id is not None else None
    focus = tuple(c.name for c in (view.get(Contact, i) for i in (deal.contact_ids if deal else [])) if c is not None)
    return judge(text, today=today, lexicon=lexicon, accounts=tuple(a.name for a in view.all(Account)),
                 contacts=tuple(c.name for c in view.all(Contact)), focus=focus)


def capture(view: WorkspaceView, clock: Clock, verdict: Judgement, sentence: str, *, deal_id: int | None = None,
            objective_id: int | None = None) -> Change:
    """The action a specific answer describes; a vague answer is refused with the coach's question."""
    if not verdict.specific or verdict.due is None:
        raise ValidationFailed.on("sentence", verdict.question or "that answer is not yet a plan")
    return add_action(view, clock, owner=verdict.owner or "", target=verdict.target or "",
                      outcome=verdict.outcome or "", due=verdict.due, deal_id=deal_id, objective_id=objective_id,
                      said=sentence)


def rescheduled(action: Action, due: dt.date, clock: Clock, reason: str = "") -> dict[str, Any]:
    """The fields that move an open action's date; a later date is recorded as a slip."""
    changes: dict[str, Any] = {"due": due}
    if action.is_open and due > action.due:
        changes["slips"] = [*action.slips, Slip(old=action.due, new=due, at=clock.now(), reason=reason.strip())]
    return changes


def edit_action(view: WorkspaceView, clock: Clock, action: Action, *, said: str = "", **fields: Any) -> Change:
    """The action with new fields; a later date is a reschedule and its slip is kept."""
    check_links(view, deal_id=fields.get("deal_id", action.deal_id),
                objective_id=fields.get("objective_id", action.objective_id))
    changes = dict(fields)
    if "due" in fields and fields["due"] != action.due:
        changes.update(rescheduled(action, fields["due"], clock))
    if said.strip() and said.strip() != action.captured_from:
        changes["captured_from"] = said.strip()
    return Change("edit action", (revise(action, **changes),), "Saved.")


def complete(action: Action, clock: Clock) -> Change:
    if not action.is_open:
        raise ValidationFailed.on("status", "only an open action can be marked done")
    done = revise(action, status=ActionStatus.DONE, completed_at=clock.now())
    return Change("mark action done", (done,), DONE_MESSAGE)


def reopen(action: Action) -> Change:
    if action.status != ActionStatus.DONE:
        raise ValidationFailed.on("status", "only a done action can be reopened")
    return Change("reopen action", (revise(action, status=ActionStatus.OPEN, completed_at=None),), "Reopened.")


def toggle_done(action: Action, clock: Clock) -> Change:
    """Space on an action: done when open, open again when done; a dropped one stays dropped."""
    if action.status == ActionStatus.DROPPED:
        raise ValidationFailed.on("status", "a dropped action stays dropped; add a new one instead")
    return complete(action, clock) if action.status == ActionStatus.OPEN else reopen(action)


def drop(action: Action, reason: str) -> Change:
    if not action.is_open:
        raise ValidationFailed.on("status", "only an open action can be dropped")
    if not reason.strip():
        raise ValidationFailed.on("drop_reason", "say why the action is dropped")
    return Change("drop action", (revise(action, status=ActionStatus.DROPPED, drop_reason=reason.strip()),), "Dropped.")


def reschedule(action: Action, due: dt.date, clock: Clock, reason: str = "") -> Change:
    """Moves an open action to a later day after today, recording the slip."""
    if not action.is_open:
        raise ValidationFailed.on("status", "only an open action can be rescheduled")
    if due <= clock.today():
        raise ValidationFailed.on("due", "the new date must be after today")
    return Change("reschedule action", (revise(action, **rescheduled(action, due, clock, reason)),),
                  f"Moved to {day_label(due, clock.today())}.")
