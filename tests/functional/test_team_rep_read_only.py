"""Tests the manager's read-only window of a rep: a rep on a server opens as a file rep does, the footer and the
outline offer only what works read-only, and "me" is the rep by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from salesplan_tui.core.model.records import Action, Workspace
from salesplan_tui.core.storage.opening import open_repository, target_of
from salesplan_tui.core.team.rollup import roll_up
from salesplan_tui.ui.actions import COMMANDS
from salesplan_tui.ui.screens.deal_screen import DealScreen
from salesplan_tui.ui.team import read_only_keys
from salesplan_tui.ui.team.rep_app import RepApp
from salesplan_tui.ui.team.run import opened_read_only
from salesplan_tui.ui.widgets.key_footer import KeyFooter
from salesplan_tui.ui.widgets.plan_tree import PlanTree
from tests.conftest import TODAY

from .conftest import SIZE


def test_every_key_of_the_reps_window_is_known_to_write_or_only_read() -> None:
    shown = {c.id for c in COMMANDS if c.scope in read_only_keys.SCOPES}
    assert shown == read_only_keys.WRITES | read_only_keys.READS  # a new key must be placed in one of them
    assert not read_only_keys.WRITES & read_only_keys.READS
    reading = [c for c in COMMANDS if c.id in read_only_keys.READS and read_only_keys.writes(c.action)]
    assert not reading  # no key that only reads shares its action with one that writes


def on_server(url: str, demo_path: Path) -> None:
    with open_repository(demo_path, read_only=True) as demo, open_repository(target_of(url)) as server:
        server.replace_all(demo.snapshot())


def outline_text(app: RepApp) -> str:
    tree = app.query_one(PlanTree)
    return "\n".join(str(tree.get_node_at_line(n).label) for n in range(tree.last_line + 1))


async def test_a_rep_on_a_server_opens_read_only_naming_the_rep_and_offering_only_what_works(
        demo_path: Path, pg_url: Callable[[str], str]) -> None:
    url = pg_url("alex")
    on_server(url, demo_path)
    rollup = roll_up([url], TODAY)
    [rep] = rollup.reps
    assert rep.error is None and rep.kind == "server" and rep.source
    with opened_read_only(rep) as repo:
        assert repo.read_only and repo.workspace.seller == "Alex Morgan"
        mine = [a for a in repo.all(Action) if a.owner.casefold() == "me"]
        assert not mine  # every "me" is the rep by name in the manager's window
        app = RepApp(repo, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            footer = str(app.query_one(KeyFooter).render())
            assert "Filter" in footer and "Back to the team" in footer
            assert "Add" not in footer and "Done" not in footer and "Archive" not in footer
            assert "press a" not in outline_text(app) and "⚠ no objective" in outline_text(app)
            await pilot.press("a")  # pressed anyway: one line, nothing written
            await pilot.pause()
            assert any("Alex Morgan's plan, opened from the Team view" in n.message for n in app._notifications)
            await pilot.press("2")
            await pilot.pause()
            footer = str(app.query_one(KeyFooter).render())
            assert "Forecast" in footer and "Won" not in footer and "Next stage" not in footer
            await pilot.press("enter")  # the deal under the cursor: its hint offers only what works here
            await pilot.pause()
            assert isinstance(app.screen, DealScreen)
            hints = " ".join(str(s.render()) for s in app.screen.query(".dialog-hint"))
            assert "escape close" in hints and "next step" not in hints
            await pilot.press("escape")
            await pilot.press("3")
            await pilot.pause()
            intro = str(app.query_one("#review-intro").render())
            assert "enter opens a past review" in intro and "weekly review ·" not in intro
    with open_repository(target_of(url), read_only=True) as server:
        assert any(a.owner == "me" for a in server.all(Action))  # the rep's own plan still says "me"


def test_enter_on_a_server_rep_in_the_team_view_opens_it(demo_path: Path, pg_url: Callable[[str], str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from salesplan_tui.ui.team import run
    from salesplan_tui.ui.team.team_app import TeamApp

    url = pg_url("alex")
    on_server(url, demo_path)
    seen: list[object] = []

    def team_run(self: TeamApp) -> str | None:
        self.rollup = self._load()
        seen.append([str(r.path) for r in self.rollup.reps])
        return "alex" if len(seen) == 1 else None  # enter on the server's rep, then q

    def rep_run(self: RepApp) -> None:
        seen.append((self.repo.workspace.seller, self.repo.read_only))
        self.back_to_team = True

    monkeypatch.setattr(TeamApp, "run", team_run)
    monkeypatch.setattr(RepApp, "run", rep_run)
    assert run.run_team([url], TODAY) == 0  # the address as the command gives it: a string, its "//" kept
    assert seen == [["alex"], ("Alex Morgan", True), ["alex"]]


def test_a_rep_with_no_name_is_still_the_rep_not_me(tmp_path: Path, demo_path: Path) -> None:
    from salesplan_tui.core.storage.schema import Contents
    from salesplan_tui.core.team.as_manager import named_for_manager

    with open_repository(demo_path, read_only=True) as demo:
        contents = demo.snapshot()
    assert isinstance(contents, Contents) and isinstance(contents.workspace, Workspace)
    named = named_for_manager(contents, "Dana Reyes")
    owners = {r.owner for r in named.of(Action).values()}
    assert "me" not in owners and "Dana Reyes" in owners
    assert named_for_manager(contents, "me") is contents
