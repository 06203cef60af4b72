"""Tests that launching imports only what the first screen draws: no coach, date grammar, other pane or text editor."""

from __future__ import annotations

import json
import subprocess
import sys

# What the Plan pane's first screen never needs: each costs the launch its import (the coach and the date grammar
# compile regular expressions on import), and a seller who never opens them never pays for them.
NOT_AT_LAUNCH = ["salesplan_tui.core.coach", "salesplan_tui.core.dates.parser", "salesplan_tui.ui.panes.pipeline",
                 "salesplan_tui.ui.panes.review", "salesplan_tui.ui.panes.agenda", "salesplan_tui.ui.panes.accounts",
                 "salesplan_tui.core.exchange.workspace_json", "textual.widgets._text_area"]


def imported_after(*modules: str) -> set[str]:
    """The modules a fresh interpreter holds after importing these."""
    code = "import json, sys\n" + "".join(f"import {m}\n" for m in modules) + "print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_the_window_and_the_plan_pane_import_nothing_the_first_screen_does_not_draw() -> None:
    loaded = imported_after("salesplan_tui.cli.main", "salesplan_tui.ui.app", "salesplan_tui.core.storage.repository",
                            "salesplan_tui.core.plan.live_findings", "salesplan_tui.ui.panes.plan")
    assert [m for m in NOT_AT_LAUNCH if m in loaded] == []


def test_the_first_frame_of_a_large_workspace_is_drawn_before_pydantic_and_the_models_load() -> None:
    loaded = imported_after("salesplan_tui.cli.main", "salesplan_tui.ui.app")
    assert [m for m in ["pydantic", "salesplan_tui.core.model.records", *NOT_AT_LAUNCH] if m in loaded] == []
