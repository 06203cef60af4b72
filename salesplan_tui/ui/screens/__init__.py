"""Provides the modal screens, each imported on first use so that start-up does not pay for them."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "AccountForm": "account_form",
    "ActionForm": "action_form",
    "ConfirmScreen": "dialogs",
    "ContactForm": "contact_form",
    "DealForm": "deal_form",
    "DealScreen": "deal_screen",
    "GoalForm": "goal_form",
    "HelpScreen": "help",
    "ObjectiveForm": "objective_form",
    "PickScreen": "dialogs",
    "ProcessEditor": "process_editor",
    "ReasonScreen": "dialogs",
    "ReviewSummary": "review_summary",
    "ReviewWalk": "review_walk",
    "StartReview": "review_start",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(name)
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
