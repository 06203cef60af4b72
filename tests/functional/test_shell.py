"""Tests the app shell: it opens the workspace, shows its name and findings, switches panes and quits."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TabbedContent

from salesplan_tui.core.model.records import Action, ActionStatus
from salesplan_tui.core.plan.rules import PLAN_RULES
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.help import HelpScreen
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref
from salesplan_tui.ui.widgets.status_line import StatusLine
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps, find


async def test_shell_shows_workspace_and_findings_then_quits(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # keys pressed before the first paint can race the tabs' own start-up
        assert app.title == "Alex Morgan · FY27 plan"
        status = str(app.query_one(StatusLine).render())
        plan = sum(1 for f in app.findings if f.rule in PLAN_RULES)
        assert str(demo_path) in status and f"{plan} plan · {len(app.findings) - plan} pipeline findings" in status
        health = str(app.query_one("#health-title").render())
        assert f"{plan} findings" in health and len(app.findings) > 10  # the panel and the status line agree
        for key, pane in (("2", "pipeline"), ("3", "review"), ("4", "agenda"), ("5", "accounts"), ("1", "plan")):
            await pilot.press(key)
            assert app.query_one(TabbedContent).active == pane
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+q")
    assert app.return_code == 0


async def test_second_window_is_read_only_and_says_so(demo_path: Path, opened: OpenedApps) -> None:
    with Repository(demo_path) as holder:
        app = opened.app(demo_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.repo.read_only
            assert "READ-ONLY" in str(app.query_one(StatusLine).render())
            before = demo_path.read_bytes()
            main = app.screen

            def read_only_warnings() -> set[str]:
                return {n.identity for n in app._notifications if "Read-only" in n.message}

            warned = read_only_warnings()  # the one shown on opening
            await pilot.press("a")  # add on the plan pane: refused before any form opens
            await pilot.pause()
            assert app.screen is main and read_only_warnings() - warned

            qbr = find(app.repo, Action, outcome="hold the Q4 business review and agree next year's priorities").id
            tree = app.query_one(PlanTree)
            assert tree.reveal(Ref("action", qbr))
            await pilot.pause()
            assert tree.has_focus and tree.current == Ref("action", qbr)
            warned = read_only_warnings()
            await pilot.press("space")  # marks done, saved at once on a writable file: refused, nothing written
            await pilot.pause()
            assert read_only_warnings() - warned
            assert app.repo.get(Action, qbr).status == ActionStatus.OPEN
            assert demo_path.read_bytes() == before
        app.repo.close()
        assert holder.path == demo_path


async def test_keymap_file_remaps_a_key(demo_path: Path, monkeypatch, opened: OpenedApps) -> None:
    import os

    (Path(os.environ["SALESPLAN_CONFIG"]) / "keymap.toml").write_text('"app.pipeline" = "f5"\n"nope.x" = "f6"\n')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        assert app.query_one(TabbedContent).active == "pipeline"
        await pilot.press("1", "2")
        assert app.query_one(TabbedContent).active == "plan"  # "2" no longer switches: it was remapped


def test_binding_ids_are_unique() -> None:
    from salesplan_tui.ui.actions import COMMANDS

    ids = [c.id for c in COMMANDS]
    assert len(ids) == len(set(ids))


async def test_bad_theme_file_is_one_warning_not_a_crash(demo_path: Path, opened: OpenedApps) -> None:
    import os

    from salesplan_tui.ui.themes import load_themes

    folder = Path(os.environ["SALESPLAN_CONFIG"]) / "themes"
    folder.mkdir()
    (folder / "broken.toml").write_text('primary = "not-a-colour"\n')
    (folder / "mine.toml").write_text('name = "mine"\nprimary = "#336699"\n')
    loaded, failed = load_themes()
    assert "mine" in [t.name for t in loaded] and len(failed) == 1 and "broken.toml" in failed[0]
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "mine" in app.available_themes and app.theme == "salesplan"


async def test_opening_in_the_background_paints_first_then_fills_the_panes(demo_path: Path, opened: OpenedApps) -> None:
    from salesplan_tui.ui.panes.plan import PlanPane

    app = SalesplanApp(opener=opened.opener(demo_path), today=TODAY, title="Alex Morgan · FY27 plan")
    async with app.run_test(size=SIZE) as pilot:
        assert app.title == "Alex Morgan · FY27 plan"
        await pilot.pause()  # the workspace opens after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert app.loaded and app.query_one(PlanPane).tree.current is not None
        assert "pipeline findings" in str(app.query_one(StatusLine).render())
        await pilot.press("ctrl+q")


async def test_a_schema_invalid_file_found_while_opening_closes_with_one_message(tmp_path: Path,
        opened: OpenedApps) -> None:
    import json

    bad = tmp_path / "bad.json"
    with Repository(bad):
        pass
    data = json.loads(bad.read_text())
    data["goals"] = {"1": {"title": "x", "category": "nonsense", "period_start": "2026-01-01", "period_end": "2026-12-31"}}
    bad.write_text(json.dumps(data))
    before = bad.read_bytes()
    app = SalesplanApp(opener=opened.opener(bad), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the workspace opens after the first frame
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.open_error and "goals #1 is invalid (category" in app.open_error and str(bad) in app.open_error
    assert bad.read_bytes() == before


async def test_a_malformed_file_stops_the_app_with_one_line_and_a_failure_code(tmp_path: Path,
        opened: OpenedApps) -> None:
    for content in (b'{"_meta": [1, 2]}', b"[" * 100_000, b'{"goals": {"1": {"title": "\xff"}}}'):
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        app = SalesplanApp(opener=opened.opener(bad), today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.return_code == 2 and app.open_error and "\n" not in app.open_error
        assert str(bad) in app.open_error and bad.read_bytes() == content


async def test_three_themes_ship_and_the_chosen_one_is_kept_for_the_next_run(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert {"salesplan", "salesplan-light", "salesplan-contrast"} <= set(app.available_themes)
        app.theme = "salesplan-contrast"
        await pilot.pause()
    app.repo.close()
    again = opened.app(demo_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "salesplan-contrast"


async def test_the_health_panel_folds_at_the_new_size_and_comes_back_beside_the_outline(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert app.has_class("-narrow")  # at once, not one resize late
        await pilot.press("h")
        await pilot.pause()
        assert app.query_one("#plan-health").has_class("unfolded")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.has_class("-narrow") and not app.query(".unfolded, .folded")
