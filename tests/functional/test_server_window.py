"""Tests the app on a workspace on a server: another writer heard and kept, the server lost and back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from salesplan_tui.core.model.records import Action, ActionStatus, Goal
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage.opening import open_repository, target_of
from salesplan_tui.core.storage.server_repository import ServerRepository
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref
from tests.conftest import TODAY
from tests.postgres_server import PrivateServer

from .conftest import SIZE, find, wait_until


def server_demo(url: str, demo_path: Path) -> ServerRepository:
    """The demo copied onto the server; returned open as the app opens it (listening)."""
    with open_repository(demo_path, read_only=True) as demo, open_repository(target_of(url)) as server:
        server.replace_all(demo.snapshot())
    repo = open_repository(target_of(url), role="app")
    assert isinstance(repo, ServerRepository)
    return repo


def add_goal_elsewhere(url: str, title: str) -> None:
    """Another seller's window, on another machine: it writes to the server, not to any file of ours."""
    with open_repository(target_of(url)) as other:
        template = other.all(Goal)[0]
        other.apply(plan_ops.add(other, Goal, title=title, category=template.category,
                                 period_start=template.period_start, period_end=template.period_end))


async def mark_done(pilot, action: Action) -> None:  # type: ignore[no-untyped-def]
    tree = pilot.app.query_one(PlanTree)
    assert tree.reveal(Ref("action", action.id))
    await pilot.pause()
    await pilot.press("space")
    await pilot.pause()


async def test_the_live_window_follows_another_writer_and_both_changes_are_kept(
        demo_path: Path, pg_url: Callable[[str], str]) -> None:
    url = pg_url("team")
    repo = server_demo(url, demo_path)
    app = SalesplanApp(repo, today=TODAY)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            add_goal_elsewhere(url, "Goal written [elsewhere]")
            await wait_until(pilot, lambda: any(g.title == "Goal written [elsewhere]" for g in app.repo.all(Goal)),
                             "the window to hear the other writer")
            assert any("changed this workspace on the server" in n.message for n in app._notifications)
            action = find(app.repo, Action, outcome="make more calls")
            add_goal_elsewhere(url, "Second goal [elsewhere]")  # and the user acts before the window hears it
            await mark_done(pilot, action)
            assert app.repo.get(Action, action.id).status == ActionStatus.DONE
    finally:
        repo.close()
    with open_repository(target_of(url), read_only=True) as again:
        assert again.get(Action, action.id).status == ActionStatus.DONE
        titles = {g.title for g in again.all(Goal)}
        assert {"Goal written [elsewhere]", "Second goal [elsewhere]"} <= titles


async def test_the_window_stays_up_read_only_while_the_server_is_gone(demo_path: Path,
                                                                     own_server: PrivateServer) -> None:
    url = own_server.url("postgres", "team")
    repo = server_demo(url, demo_path)
    app = SalesplanApp(repo, today=TODAY)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            action = find(app.repo, Action, outcome="make more calls")
            own_server.kill()
            await mark_done(pilot, action)
            assert app.repo.read_only and app.is_running
            assert app.repo.get(Action, action.id).status != ActionStatus.DONE  # not kept, not shown as kept
            assert any("lost the server" in n.message for n in app._notifications)
            own_server.start()
            await wait_until(pilot, lambda: not app.repo.read_only, "the window to find the server back")
            assert any("The server is back" in n.message for n in app._notifications)
            await mark_done(pilot, action)
            assert app.repo.get(Action, action.id).status == ActionStatus.DONE
    finally:
        repo.close()
    with open_repository(target_of(url), read_only=True) as again:
        assert again.get(Action, action.id).status == ActionStatus.DONE
