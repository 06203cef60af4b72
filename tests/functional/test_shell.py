"""Tests the app shell: it opens the workspace, shows its name and findings, switches panes and quits."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.help import HelpScreen
from salesplan_tui.ui.widgets.status_line import StatusLine
from tests.conftest import TODAY

from .conftest import SIZE, make_app


async def test_shell_shows_workspace_and_findings_then_quits(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.title == "Alex Morgan · FY27 plan"
        status = str(app.query_one(StatusLine).render())
        assert str(demo_path) in status and f"{len(app.findings)} findings" in status and len(app.findings) > 10
        for key, pane in (("2", "pipeline"), ("3", "review"), ("4", "agenda"), ("5", "accounts"), ("1", "plan")):
            await pilot.press(key)
            assert app.query_one(TabbedContent).active == pane
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+q")
    assert app.return_code == 0
    app.repo.close()


async def test_second_window_is_read_only_and_says_so(demo_path: Path) -> None:
    with Repository(demo_path) as holder:
        app = SalesplanApp(Repository(demo_path), today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            assert app.repo.read_only
            assert "READ-ONLY" in str(app.query_one(StatusLine).render())
            before = demo_path.read_bytes()
            await pilot.press("a")  # add on the plan pane: refused, nothing written
            await pilot.pause()
            assert demo_path.read_bytes() == before
        app.repo.close()
        assert holder.path == demo_path
