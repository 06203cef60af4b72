"""Tests the app's findings after each key: the same as a full check, drawn in the same frame, and only what changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widget import Widget
from textual.widgets import OptionList, Static

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.model.records import Action, Deal, Kind, StageKind
from salesplan_tui.core.plan.rules import PLAN_RULES, check
from salesplan_tui.ui.panes.pipeline import DealList, PipelinePane
from salesplan_tui.ui.screens.form import FormScreen
from salesplan_tui.ui.widgets.key_footer import KeyFooter
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref
from salesplan_tui.ui.widgets.status_line import StatusLine
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps, find


async def test_marking_done_shows_the_findings_of_a_full_check_in_the_same_frame(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        late = find(app.repo, Action, outcome="make more calls")  # overdue and tied to nothing
        assert app.query_one(PlanTree).reveal(Ref("action", late.id))
        await pilot.pause()
        health = app.query_one("#health-list", OptionList)
        redraws: list[str] = []
        health.refresh = lambda *a, **k: (redraws.append("health"), OptionList.refresh(health, *a, **k))[1]  # type: ignore[method-assign]
        await pilot.press("space")
        # No pause: the findings, the health panel and the status line were brought up to date by the key itself.
        assert app.findings == check(app.repo, TODAY)
        assert redraws
        plan = sum(1 for f in app.findings if f.rule in PLAN_RULES)
        assert f"{plan} plan · {len(app.findings) - plan} pipeline findings" in str(app.query_one(StatusLine).render())
        assert f"{plan} findings" in str(app.query_one("#health-title", Static).render())
        assert not any(f.ref == late.id and f.kind == Kind.ACTION for f in app.findings)


async def test_a_change_that_leaves_the_findings_alone_redraws_no_panel(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        version = app.findings_version
        status, health = app.query_one(StatusLine), app.query_one("#health-list", OptionList)
        updates: list[str] = []
        status.update = lambda *a, **k: updates.append("status")  # type: ignore[method-assign]
        health.set_options = lambda *a, **k: updates.append("health")  # type: ignore[method-assign]
        health.replace_option_prompt_at_index = lambda *a, **k: updates.append("health")  # type: ignore[method-assign]
        deal = next(d for d in app.repo.all(Deal) if app.repo.process.stage(d.stage).kind == StageKind.OPEN)
        from salesplan_tui.core.pipeline import deal_ops

        app.apply(deal_ops.reorder(app.repo, deal, 1 if deal.rank == 1 else -1))  # cards swap: no finding moves
        await pilot.pause()
        assert app.findings_version == version and updates == []


async def test_past_midnight_every_finding_is_worked_out_for_the_new_day(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        soon = min(a.due for a in app.repo.all(Action) if a.is_open and a.due >= TODAY)
        due_soon = [a for a in app.repo.all(Action) if a.is_open and a.due == soon]
        tomorrow = soon + dt.timedelta(days=1)  # the first day they are late
        assert not any(f.ref == due_soon[0].id for f in app.findings if f.rule == "overdue_action")
        app.clock = Clock.on(tomorrow)
        app.kept_findings.watch_day()  # what the app does once a second
        await pilot.pause()
        await pilot.pause()
        assert app.live.today == tomorrow and app.findings == check(app.repo, tomorrow)
        overdue = {f.ref for f in app.findings if f.rule == "overdue_action"}
        assert {a.id for a in due_soon} <= overdue


async def test_the_footer_redraws_in_the_frame_its_keys_change_and_only_then(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        redrawn: list[int] = []
        footer.refresh = lambda *a, **k: (redrawn.append(1), Widget.refresh(footer, *a, **k))[1]  # type: ignore[method-assign]
        await pilot.press("right")  # another column: the same keys
        await pilot.pause()
        assert redrawn == [] and isinstance(app.focused, DealList)
        await pilot.press("1")  # the plan: other keys, known as the pane shows
        assert redrawn and "Archive" in str(footer.render()) and "Next stage" not in str(footer.render())
        await pilot.press("h")  # the health list: the plan pane's keys without the outline's
        assert "Done" not in str(footer.render()) and "Archive" in str(footer.render())
        await pilot.click(KeyFooter, offset=(1, 0))  # its first key, "a Add": a click presses it
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)


async def test_the_pipeline_counts_flagged_deals_as_the_rules_do(demo_path: Path, opened: OpenedApps) -> None:
    from salesplan_tui.core.plan.rules import flagged_deals

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        flagged = len(flagged_deals(check(app.repo, TODAY), app.repo))
        assert f"{flagged} flagged" in str(app.query_one(PipelinePane).query_one("#pipeline-summary").render())
        assert len(app.live.flagged_deals) == flagged
