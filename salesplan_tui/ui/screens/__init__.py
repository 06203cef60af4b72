"""Provides the modal screens, each imported on first use so that start-up does not pay for them."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what a type checker reads; at run time each screen is imported when first used
    from salesplan_tui.ui.screens.account_form import AccountForm
    from salesplan_tui.ui.screens.action_form import ActionForm
    from salesplan_tui.ui.screens.contact_form import ContactForm
    from salesplan_tui.ui.screens.deal_form import DealForm
    from salesplan_tui.ui.screens.deal_screen import DealScreen
    from salesplan_tui.ui.screens.dialogs import ConfirmScreen, PickScreen, ReasonScreen
    from salesplan_tui.ui.screens.goal_form import GoalForm
    from salesplan_tui.ui.screens.help import HelpScreen
    from salesplan_tui.ui.screens.import_mapping import ImportMappingScreen
    from salesplan_tui.ui.screens.import_preview import ImportPreviewScreen
    from salesplan_tui.ui.screens.objective_form import ObjectiveForm
    from salesplan_tui.ui.screens.process_editor import ProcessEditor
    from salesplan_tui.ui.screens.review_start import StartReview
    from salesplan_tui.ui.screens.review_summary import ReviewSummary
    from salesplan_tui.ui.screens.review_walk import ReviewWalk

_WHERE = {
    "AccountForm": "account_form",
    "ActionForm": "action_form",
    "ConfirmScreen": "dialogs",
    "ContactForm": "contact_form",
    "DealForm": "deal_form",
    "DealScreen": "deal_screen",
    "GoalForm": "goal_form",
    "HelpScreen": "help",
    "ImportMappingScreen": "import_mapping",
    "ImportPreviewScreen": "import_preview",
    "ObjectiveForm": "objective_form",
    "PickScreen": "dialogs",
    "ProcessEditor": "process_editor",
    "ReasonScreen": "dialogs",
    "ReviewSummary": "review_summary",
    "ReviewWalk": "review_walk",
    "StartReview": "review_start",
}

__all__ = [
    "AccountForm",
    "ActionForm",
    "ConfirmScreen",
    "ContactForm",
    "DealForm",
    "DealScreen",
    "GoalForm",
    "HelpScreen",
    "ImportMappingScreen",
    "ImportPreviewScreen",
    "ObjectiveForm",
    "PickScreen",
    "ProcessEditor",
    "ReasonScreen",
    "ReviewSummary",
    "ReviewWalk",
    "StartReview",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(name)
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
