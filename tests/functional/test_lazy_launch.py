"""Tests what the window leaves for later at launch: panes are made when first shown, the coach's words when first read."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.app import PANES, SalesplanApp
from salesplan_tui.ui.screens.process_editor import ProcessEditor

from .conftest import SIZE, WAIT, OpenedApps, wait_until
from .test_palette_exchange import palette


async def test_the_window_opens_with_the_plan_pane_and_makes_each_other_pane_when_it_is_first_shown(
        demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [name for name in PANES if app.query(f"#{name}-pane")] == ["plan"]
        for key, name in zip("23451", PANES[1:] + PANES[:1], strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert app.active_pane() is app.query_one(f"#{name}-pane") and app.active_pane().has_focus_within
        assert all(app.query(f"#{name}-pane") for name in PANES)


async def test_a_pane_chosen_while_the_workspace_opens_is_the_one_made_and_drawn(demo_path: Path,
        opened: OpenedApps) -> None:
    pressed = threading.Event()
    open_it = opened.opener(demo_path)

    def opener() -> Repository:  # the workspace opens only once the key is in, however fast the machine is
        pressed.wait(WAIT)
        return open_it()

    app = SalesplanApp(opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # allowed before the workspace is open
        pressed.set()
        await wait_until(pilot, lambda: app.loaded, "the workspace to open")
        await pilot.pause()
        assert app.active_pane() is app.query_one("#pipeline-pane") and not app.query("#plan-pane")
        assert "open deals" in str(app.query_one("#pipeline-summary").render())
        await pilot.press("1")
        await pilot.pause()
        assert app.active_pane() is app.query_one("#plan-pane")


async def test_a_palette_command_of_a_pane_not_made_yet_runs_on_that_pane(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.query("#pipeline-pane")
        await palette(pilot, "sales process")
        assert isinstance(app.screen, ProcessEditor)


async def test_a_bad_coach_file_is_said_when_the_coach_first_reads_not_before(demo_path: Path,
        opened: OpenedApps) -> None:
    (Path(os.environ["SALESPLAN_CONFIG"]) / "coach.json").write_text('{"hedges": "not a list"}')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app._notifications
        assert app.lexicon.problems  # the first reading loads the words (a form, a review, a captured action)
        assert app.lexicon is app.lexicon
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and "coach.json" in said[0] and "were not loaded" in said[0]
