"""Tests the seller's name: asked once when the workspace does not say it, escape leaves it, and headings use it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.screens.review_start import StartReview
from salesplan_tui.ui.screens.seller_name import SellerName
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps


async def test_a_workspace_without_a_seller_asks_once_and_keeps_the_name(tmp_path: Path, opened: OpenedApps) -> None:
    path = tmp_path / "workspace.json"
    app = opened.app(path)
    app.ask_seller = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SellerName)
        await pilot.press("m", "e", "enter")
        assert isinstance(app.screen, SellerName)  # "me" is no name a manager knows
        assert "not 'me'" in str(app.screen.query_one("#seller-error").render())
        await pilot.press("ctrl+u", *"Dana Ruiz", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, SellerName)
    opened.close_all()
    with Repository(path, read_only=True) as repo:
        assert repo.workspace.seller == "Dana Ruiz"
    again = opened.app(path)
    again.ask_seller = True
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(again.screen, SellerName)  # said once, never asked again


async def test_escape_leaves_it_for_later_and_the_app_works(tmp_path: Path, opened: OpenedApps) -> None:
    path = tmp_path / "workspace.json"
    app = opened.app(path)
    app.ask_seller = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SellerName)
        await pilot.press("escape", "2")
        await pilot.pause()
        assert not isinstance(app.screen, SellerName) and app.query_one("#pipeline-pane") is not None
    assert app.repo.workspace.seller == ""


async def test_the_one_on_one_start_screen_names_the_seller(tmp_path: Path, opened: OpenedApps) -> None:
    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    app = opened.app(repo.path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "o")
        await pilot.pause()
        assert isinstance(app.screen, StartReview)
        assert app.screen.query_one("#seller", Input).value == "Alex Morgan"


async def test_the_palette_names_the_seller_later(tmp_path: Path, opened: OpenedApps) -> None:
    repo = open_demo(TODAY, folder=tmp_path)
    repo.close()
    app = opened.app(repo.path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"name the seller")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SellerName)
        assert app.screen.query_one("#seller", Input).value == "Alex Morgan"  # the name as it is, to change
        await pilot.press("ctrl+u", *"Alex Morgan-Reyes", "enter")
        await pilot.pause()
        assert app.repo.workspace.seller == "Alex Morgan-Reyes"
