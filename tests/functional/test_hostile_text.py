"""Walks the whole app over a workspace whose every text field is hostile: no crash, text shown as typed, no escape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Select

from salesplan_tui.core.exchange.workspace_json import FORMAT, from_document
from salesplan_tui.core.model.process import default_process
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.deal_form import DealForm
from salesplan_tui.ui.screens.deal_screen import DealScreen
from salesplan_tui.ui.screens.help import HelpScreen
from salesplan_tui.ui.screens.review_walk import ReviewWalk

from .conftest import SIZE, OpenedApps

# Markup that closes what is not open, an action in markup, a hyperlink, a window title (OSC 0), the clipboard
# (OSC 52), a screen fill (DECALN), a C1 CSI, right-to-left and zero-width marks, an emoji.
HOSTILE = ("[/b] [b]Lena[@click=app.quit]x[/] [link=https://x]y[/link] \x1b]0;pwned\x07 \x1b]52;c;SGk=\x07 "
           "\x1b#8 \x9b2J \u202eRTL\u202c z\u200bw 🚀")
RAW_CONTROLS = ["\x1b", "\x07", "\x9b"]


def hostile_document() -> dict[str, Any]:
    h = HOSTILE
    stages = default_process().model_dump(mode="json", exclude={"id", "archived"})
    stages["stages"][1]["name"] = f"Discovery {h}"
    stages["stages"][1]["exit_criteria"] = [f"criterion {h}"]
    return {
        "format": FORMAT, "version": SCHEMA_VERSION, "workspace": {"name": f"Plan {h}"}, "process": stages,
        "goals": [{"id": 1, "title": f"Goal {h}", "category": "revenue", "period_start": "2026-01-01",
                   "period_end": "2026-12-31", "description": f"why {h}"}],
        "objectives": [{"id": 1, "goal_id": 1, "title": f"Objective {h}", "metric": f"metric {h}", "unit": "$",
                        "target": 10, "due": "2026-12-31", "account_id": 1}],
        "accounts": [{"id": 1, "name": f"Account {h}", "notes": "x" * 10_000 + h,
                      "strategic": {"milestone": f"milestone {h}", "financial_target": 1000}}],
        "contacts": [{"id": 1, "name": f"Lena {h}", "role": f"role {h}", "account_id": 1}],
        "deals": [{"id": 1, "account_id": 1, "title": f"Deal {h}", "value": 5000, "stage": f"Discovery {h}",
                   "expected_close": "2026-12-20", "contact_ids": [1], "next_call_outcome": f"call {h}",
                   "stage_history": [{"stage": f"Discovery {h}", "at": "2026-11-01T09:00:00Z"}]}],
        "actions": [{"id": 1, "owner": f"Ann {h}", "target": f"target {h}", "outcome": f"outcome {h}",
                     "due": "2026-11-20", "objective_id": 1, "deal_id": 1, "notes": f"notes {h}",
                     "captured_from": f"said {h}"},
                    {"id": 2, "owner": "me", "target": f"loose {h}", "outcome": f"loose {h}", "due": "2026-12-02"}],
    }


def assert_screen_is_safe(app: SalesplanApp, where: str) -> None:
    """What would reach the terminal holds no raw control character, and the hostile text shows literally."""
    shot = app.export_screenshot()
    for control in RAW_CONTROLS:
        assert control not in shot, f"a raw {control!r} reaches the terminal on {where}"


async def test_every_pane_form_dropdown_and_review_over_hostile_text(tmp_path: Path, opened: OpenedApps) -> None:
    path = tmp_path / "hostile.json"
    with Repository(path) as repo:
        repo.replace_all(from_document(hostile_document()))
    app = opened.app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.title.startswith("Plan [/b]") and "␛" in app.title
        await pilot.press("shift+space")  # open every branch of the outline
        await pilot.pause()
        assert_screen_is_safe(app, "the plan")
        shot = app.export_screenshot()
        assert "[/b]" in shot and "␛" in shot  # shown as typed, the escape made visible

        for key, where in (("2", "the board"), ("4", "the agenda"), ("5", "the accounts")):
            await pilot.press(key)
            await pilot.pause()
            assert_screen_is_safe(app, where)

        await pilot.press("e")  # the account form
        await pilot.pause()
        assert_screen_is_safe(app, "the account form")
        await pilot.press("escape")

        await pilot.press("2")
        await pilot.pause()
        await pilot.press("l", "enter")  # the deal at the hostile stage
        await pilot.pause()
        assert isinstance(app.screen, DealScreen)
        assert_screen_is_safe(app, "the deal screen")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DealForm)
        account = app.screen.query_one("#account_id", Select)
        account.focus()
        await pilot.press("enter")  # open the dropdown of accounts
        await pilot.pause()
        assert_screen_is_safe(app, "the account dropdown")
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        deal = app.screen.query_one("#deal_id", Select)
        deal.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert_screen_is_safe(app, "the deal dropdown")
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()

        await pilot.press("p")
        await pilot.pause()
        assert_screen_is_safe(app, "the process editor")
        await pilot.press("down", "e")  # the stage form, its exit criteria in a multi-line box
        await pilot.pause()
        assert_screen_is_safe(app, "the stage form")
        await pilot.press("escape", "escape")

        await pilot.press("3", "w")
        await pilot.pause()
        assert_screen_is_safe(app, "the review agenda")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewWalk)
        assert_screen_is_safe(app, "the review walk")
        answer = app.screen.query_one("#answer")
        answer.value = f"We should touch base {HOSTILE}"
        await pilot.press("enter")
        await pilot.pause()
        assert_screen_is_safe(app, "a refused answer")

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"deal")
        await pilot.pause()
        assert_screen_is_safe(app, "the command palette")
        await pilot.press("escape")
    app.repo.close()
    with Repository(path, read_only=True) as kept:  # shown visibly, stored unchanged
        assert kept.workspace.name == f"Plan {HOSTILE}"
