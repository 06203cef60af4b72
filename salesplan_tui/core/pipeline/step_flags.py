"""Provides needs_step(): whether a deal holds a next step that is not yet a plan (a CRM's, refused by the coach)."""

from __future__ import annotations

from collections.abc import Iterable

from salesplan_tui.core.model.records import Action, Deal

UNPLANNED = "not yet a plan"  # the mark of a note that holds a next step the coach could not take as a plan


def unplanned_note(source: str, text: str) -> str:
    """The note a refused next step is kept as: 'Next step from HubSpot, not yet a plan: Follow up'."""
    return f"Next step from {source}, {UNPLANNED}: {' '.join(text.split())}"


def needs_step(deal: Deal, steps: Iterable[Action]) -> bool:
    """Whether the board should flag the deal: its notes hold a next step not yet a plan, and it has no open step
    that plans it (any open step clears the flag: the seller has said what is next)."""
    if deal.archived or f", {UNPLANNED}: " not in deal.notes:
        return False
    return not any(step.is_open and step.deal_id == deal.id for step in steps)
