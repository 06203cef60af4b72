"""Tests the settings as the app takes them: good files apply; a bad one is one warning and the app opens anyway."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import TabbedContent

from .conftest import SIZE, OpenedApps


def config() -> Path:
    return Path(os.environ["SALESPLAN_CONFIG"])


async def test_good_settings_choose_the_theme_and_the_keys(demo_path: Path, opened: OpenedApps) -> None:
    (config() / "settings.json").write_text('{"theme": "salesplan-light"}')
    (config() / "keymap.toml").write_text('"app.pipeline" = "f5"\n')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "salesplan-light" and app.keymap == {"app.pipeline": "f5"}
        await pilot.press("f5")
        assert app.query_one(TabbedContent).active == "pipeline"
        assert [n for n in app._notifications if n.severity == "warning"] == []


async def test_bad_settings_files_are_one_line_each_and_the_app_opens_with_defaults(demo_path: Path,
                                                                                   opened: OpenedApps) -> None:
    (config() / "settings.json").write_text('{"theme": ')
    (config() / "keymap.toml").write_text('"app.pipeline" = f5\n')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "salesplan" and app.keymap == {}
        said = [n.message for n in app._notifications if n.severity == "warning"]
        assert len(said) == 2
        assert any(line.startswith(str(config() / "settings.json")) for line in said)
        assert any(line.startswith(str(config() / "keymap.toml")) for line in said)
        assert all("\n" not in line for line in said)
        await pilot.press("2")  # the default keys
        assert app.query_one(TabbedContent).active == "pipeline"


async def test_a_theme_that_does_not_exist_is_said_and_the_app_opens_with_its_own(demo_path: Path,
                                                                                  opened: OpenedApps) -> None:
    (config() / "settings.json").write_text('{"theme": "nonexistent-theme"}')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "salesplan"
        said = [n.message for n in app._notifications if n.severity == "warning"]
        assert len(said) == 1 and "nonexistent-theme" in said[0] and "\n" not in said[0], said
