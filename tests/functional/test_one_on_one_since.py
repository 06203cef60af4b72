"""Tests that a one-on-one opens on "since last time": the figures of what changed, shown as typed, scrolling at 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Static

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.model.records import Action, Deal
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.screens.review_start import StartReview
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps, find
from .test_review import start_one_on_one

HOSTILE = "Tailspin [/b] \x1b]52;c;aGk=\x07 pilot"


def change_since_the_last_one(path: Path) -> None:
    """What happened since the demo's last one-on-one with Jill Carter (16 Nov): one promise kept, a deal lost,
    a deal added whose title is no markup."""
    clock = Clock.on(TODAY)
    with Repository(path) as repo:
        promise = find(repo, Action, outcome="agree the decision date for the North America expansion")
        repo.apply(action_ops.complete(promise, clock))
        lost = find(repo, Deal, title="Litware: compliance reporting")
        repo.apply(deal_ops.close(repo, clock, lost, won=False, reason="budget frozen [until Q3]"))
        account = find(repo, Deal, title="Contoso: Riverside clinic").account_id
        repo.apply(deal_ops.add_deal(repo, clock, stage="Prospect", account_id=account, title=HOSTILE, value=1000,
                                     expected_close=TODAY.replace(month=12)))


def text_of(screen: StartReview, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_the_one_on_one_opens_on_what_changed_since_the_last_one(demo_path: Path, opened: OpenedApps) -> None:
    change_since_the_last_one(demo_path)
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        start = await start_one_on_one(pilot, "jill carter")
        assert app.focused is start.query_one("#since")  # it opens on what changed
        assert text_of(start, "#since-title") == "Since last time (Mon 16 Nov, with Jill Carter)"
        promised = text_of(start, "#promised")
        assert "Promised vs done: 1 of 2 done" in promised
        assert "agree the decision date for the North America expansion — done Mon 23 Nov" in promised
        assert "book three discovery calls — open, was due Thu 19 Nov" in promised
        pipeline = text_of(start, "#since-pipeline")
        # 612,250 at the last one's end; now three deals moved up, one lost (it had moved to Discovery, 210k at 15%) and two new.
        assert "weighted forecast $612,250 → $670,550 (+$58,300)" in pipeline
        assert "Litware: compliance reporting — lost (from Prospect): budget frozen [until Q3]" in pipeline  # its stage then
        assert "Northwind: regional warehouses phase 2 — advanced Proposal → Negotiation" in pipeline
        assert "Tailspin [/b] ␛]52;c;aGk=␇ pilot — new, at Prospect, $1,000" in pipeline  # as typed, control shown
        assert "Plan: 0 of 8 objectives moved" in text_of(start, "#since-plan")
        await pilot.press("tab")
        assert app.focused is start.query_one("#agenda")  # then the agenda, as before
        assert start.items[0].kind == "commitment"


async def test_at_80x24_what_changed_and_the_agenda_both_fit_and_scroll(demo_path: Path, opened: OpenedApps) -> None:
    change_since_the_last_one(demo_path)
    app = opened.app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        start = await start_one_on_one(pilot, "Jill Carter")
        since = start.query_one("#since", VerticalScroll)
        agenda = start.query_one("#agenda")
        for part in (since, agenda, start.query_one(".dialog-hint")):
            assert part.region.height > 0 and part.region.bottom <= 23, part
        assert since.region.height >= 3 and agenda.region.height >= 3
        assert since.max_scroll_y > 0 and since.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert since.scroll_y == since.max_scroll_y  # the plan's section is reachable with the keys


async def test_a_weekly_review_and_a_first_one_on_one_have_no_figures_to_show(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w")
        await pilot.pause()
        assert not app.screen.query_one("#since").display and app.focused is app.screen.query_one("#agenda")
        await pilot.press("escape")
        start = await start_one_on_one(pilot, "Tom Baker")
        assert text_of(start, "#since-title") == "Since last time: no earlier one-on-one with Tom Baker to compare with."
        assert text_of(start, "#promised") == ""
