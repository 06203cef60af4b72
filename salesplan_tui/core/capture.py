"""Provides turning an accepted answer to "What's next?" into a stored action."""

from __future__ import annotations

from .coach import Judgement
from .models import Action, Deal, Objective
from .storage import Repository, ValidationFailed


def capture_action(
    repo: Repository,
    verdict: Judgement,
    sentence: str,
    *,
    deal_id: int | None = None,
    objective_id: int | None = None,
) -> Action:
    """Stores the action a specific answer describes, with the sentence it came from."""
    if not verdict.specific:
        raise ValidationFailed(verdict.question or "that answer is not yet a plan")
    if deal_id is not None and repo.get(Deal, deal_id) is None:
        raise ValidationFailed(f"deal: there is no deal {deal_id}", ["deal_id"])
    if objective_id is not None and repo.get(Objective, objective_id) is None:
        raise ValidationFailed(f"objective: there is no objective {objective_id}", ["objective_id"])
    return repo.create(
        Action,
        owner=verdict.owner,
        target=verdict.target,
        outcome=verdict.outcome,
        due=verdict.due,
        deal_id=deal_id,
        objective_id=objective_id,
        captured_from=sentence.strip(),
    )
