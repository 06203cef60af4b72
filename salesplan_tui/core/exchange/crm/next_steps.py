"""Provides a CRM's next step read through the coach: a plan becomes the deal's action, anything else its note."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from salesplan_tui.core.coach import judge


@dataclass(frozen=True)
class StepReading:
    """A next step as the coach read it: the action's fields when it is a plan, else the coach's question."""

    sentence: str  # what was judged (the CRM's words, and its activity's day when it gives one)
    action: dict[str, Any] | None = None
    question: str = ""


def read_step(text: str, due: dt.date | None, *, today: dt.date, target: str, accounts: tuple[str, ...],
              contacts: tuple[str, ...], focus: tuple[str, ...]) -> StepReading:
    """The CRM's next step judged as the seller's own answer would be: the deal's contacts are the people "Lena"
    means, and when the step names everything but whom it is aimed at, the deal's contact at its account is.

    Args:
        text: the next step as the CRM wrote it ("Confirm the PO number with Lena").
        due: the day the CRM's next activity is set for, if its export gives one.
        target: whom the deal's steps are aimed at by default ("Lena Ortiz at Fabrikam", or the account).
    """
    words = " ".join(text.split())
    sentence = f"{words} by {due.isoformat()}" if due is not None else words
    verdict = judge(sentence, today=today, accounts=accounts, contacts=contacts, focus=focus)
    aimed = verdict.target
    if not verdict.specific and verdict.missing == ["target"] and target:
        aimed = target  # the deal says whom: the step itself needed nothing else
    elif not verdict.specific:
        return StepReading(sentence, question=verdict.question or "the coach does not read it as a plan")
    if not (verdict.outcome and verdict.due and aimed):
        return StepReading(sentence, question=verdict.question or "the coach does not read it as a plan")
    return StepReading(sentence, {"owner": verdict.owner or "me", "target": aimed, "outcome": verdict.outcome,
                                  "due": verdict.due})
