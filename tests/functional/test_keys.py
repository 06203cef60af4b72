"""Tests the key registry as a user meets it: F1 on every pane and screen, remapped keys, and no binding without an id."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

import salesplan_tui.ui as ui
from salesplan_tui.ui.actions import BY_ID, COMMANDS, SCOPES
from salesplan_tui.ui.screens.dialogs import PickScreen, ReasonScreen
from salesplan_tui.ui.screens.help import HelpScreen
from salesplan_tui.ui.screens.review_walk import ReviewWalk
from salesplan_tui.ui.screens.stage_move import StageMoveScreen

from .conftest import SIZE, OpenedApps


async def help_shows(pilot, here: str) -> None:
    """F1 opens help for the screen in use, naming it first; escape goes back to that same screen."""
    before = pilot.app.screen
    await pilot.press("f1")
    await pilot.pause()
    shown = pilot.app.screen
    assert isinstance(shown, HelpScreen), f"F1 on {before} showed {shown}"
    text = "".join(str(s.render()) for s in shown.query(Static))
    assert f"Here: {here}" in text
    await pilot.press("escape")
    await pilot.pause()
    assert pilot.app.screen is before


async def test_f1_works_on_every_pane_and_every_screen(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, title in (("1", "Plan"), ("2", "Pipeline"), ("3", "Review"), ("4", "Agenda"), ("5", "Accounts")):
            await pilot.press(key)
            await pilot.pause()
            await help_shows(pilot, title)

        await pilot.press("1", "a")  # the cursor is on a category: a new goal
        await help_shows(pilot, "Forms")
        await pilot.press("escape")

        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await help_shows(pilot, "Deal")
        await pilot.press("e")
        await help_shows(pilot, "Forms")
        await pilot.press("escape", "escape")
        await pilot.press("p")
        await help_shows(pilot, "Sales process")
        await pilot.press("e")
        await help_shows(pilot, "Forms")
        await pilot.press("escape", "escape")
        await pilot.press("shift+right")
        assert isinstance(app.screen, StageMoveScreen)
        await help_shows(pilot, "Moving a deal")
        await pilot.press("n", "n")
        assert isinstance(app.screen, PickScreen)
        await help_shows(pilot, "Pick from a list")
        await pilot.press("escape")

        await pilot.press("3", "w")
        await help_shows(pilot, "Starting a review")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReviewWalk)
        await help_shows(pilot, "Review walk")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReasonScreen)
        await help_shows(pilot, "Say why")
        await pilot.press("escape", "escape")  # no reason: back to the walk; then pause it
        await pilot.pause()
        await pilot.press("down", "enter")  # the newest is the one just paused; below it, a finished one
        await pilot.pause()
        await help_shows(pilot, "Review summary")

        await pilot.press("f1")
        await pilot.press("f1")  # F1 again closes help
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_remapped_review_walk_key_works_and_shows_as_remapped(demo_path: Path, opened: OpenedApps) -> None:
    (Path(os.environ["SALESPLAN_CONFIG"]) / "keymap.toml").write_text('"walk.skip" = "ctrl+k"\n')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s")  # ctrl+s still starts the review: only the walk's skip moved
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        assert "ctrl+k skip with a reason" in str(walk.query_one("#walk-keys", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is walk  # the old key no longer skips
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("escape", "f1")
        await pilot.pause()
        text = "".join(str(s.render()) for s in app.screen.query(Static))
        assert "ctrl+k" in text and "Skip (say why)" in text


def _bindings_in_the_ui() -> list[tuple[str, Binding]]:
    found = []
    for module in pkgutil.walk_packages(ui.__path__, ui.__name__ + "."):
        loaded = importlib.import_module(module.name)
        for name, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == loaded.__name__:
                found += [(f"{cls.__module__}.{name}", b) for b in vars(cls).get("BINDINGS", []) if isinstance(b, Binding)]
    return found


def test_every_binding_of_every_screen_comes_from_the_registry_with_a_literal_id() -> None:
    bindings = _bindings_in_the_ui()
    assert len(bindings) >= len([c for c in COMMANDS if c.key]) - 1
    strays = [(where, b.key) for where, b in bindings if b.id not in BY_ID]
    assert strays == []
    ids = [c.id for c in COMMANDS]
    assert len(ids) == len(set(ids)) and all(c.scope in SCOPES for c in COMMANDS)
    assert all(c.id.split(".")[0] == c.scope for c in COMMANDS)


def test_every_screen_names_the_scope_its_help_lists() -> None:
    for module in pkgutil.walk_packages(ui.__path__, ui.__name__ + "."):
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == loaded.__name__ and cls.BINDINGS:
                assert getattr(cls, "scope", None) in SCOPES, cls


async def test_a_keymap_clash_in_the_review_walk_is_one_warning_not_a_crash(demo_path: Path,
        opened: OpenedApps) -> None:
    (Path(os.environ["SALESPLAN_CONFIG"]) / "keymap.toml").write_text('"walk.skip" = "ctrl+o"\n')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        assert "ctrl+o skip with a reason" in str(walk.query_one("#walk-keys", Static).render())
        assert "(no key) note" in str(walk.query_one("#walk-keys", Static).render())
        warnings = [n.message for n in app._notifications if "takes ctrl+o" in n.message]
        assert len(warnings) == 1 and "walk.skip takes ctrl+o from walk.note, which then has no key" in warnings[0]
