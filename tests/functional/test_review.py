"""Tests a one-on-one from the keyboard: refused and accepted answers, a reschedule, restart, resume, summary, carry-over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, Static

from salesplan_tui.core.model.records import Action, Deal, Review
from salesplan_tui.ui.screens.review_start import StartReview
from salesplan_tui.ui.screens.review_summary import ReviewSummary
from salesplan_tui.ui.screens.review_walk import ReviewWalk

from .conftest import SIZE, OpenedApps, find, reopen, wait_until
from .test_plan_pane import type_into


def draft_on_disk(path: Path, review_id: int) -> str | None:
    with reopen(path) as on_disk:
        return on_disk.get(Review, review_id).draft


async def start_one_on_one(pilot, manager: str) -> StartReview:
    await pilot.pause()
    await pilot.press("3", "o")
    screen = pilot.app.screen
    assert isinstance(screen, StartReview)
    await type_into(pilot, "#manager", manager)
    await pilot.press("enter")
    await pilot.pause()
    return screen


async def answer(pilot, text: str) -> str:
    await type_into(pilot, "#answer", text)
    await pilot.press("enter")
    await pilot.pause()
    return str(pilot.app.screen.query_one("#walk-feedback", Static).render())


async def test_one_on_one_end_to_end(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    expansion = find(app.repo, Deal, title="Fabrikam: North America expansion").id
    decision_date = find(app.repo, Action, outcome="agree the decision date for the North America expansion").id
    async with app.run_test(size=SIZE) as pilot:
        start = await start_one_on_one(pilot, "Jill Carter")
        assert [i.kind for i in start.items[:2]] == ["commitment", "commitment"]  # carried from the last one
        assert "Promised vs done" in str(start.query_one("#promised", Static).render())
        await pilot.press("ctrl+s")
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        first_item = walk.session.item

        feedback = await answer(pilot, "We should touch base with them soon")
        assert "promise or a maybe" in feedback and not walk.query_one("#confirm").display
        feedback = await answer(pilot, "By Friday I'll get Marco Rossi at Fabrikam to agree the decision date in writing")
        assert "That is a plan" in feedback
        assert walk.query_one("#c-target", Input).value == "Marco Rossi at Fabrikam"
        await pilot.press("enter")  # not clear what becomes of the promised action: asked, not guessed
        await pilot.pause()
        assert walk.session.review.position == 0 and "What becomes of" in str(
            walk.query_one("#confirm-error", Static).render())
        walk.query_one("#c-fate").value = "done"  # the promise was kept; this is the step after it
        walk.query_one("#c-outcome", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert walk.session.review.position == 1

        assert walk.session.item.kind == "commitment"
        overdue_id = walk.session.item.ref_id
        await pilot.press("ctrl+r")
        await type_into(pilot, "#reason", "next Friday")
        await pilot.press("enter")
        await pilot.pause()
        assert walk.session.review.position == 2
        await type_into(pilot, "#answer", "half a thought about [Globex]")
        await wait_until(pilot, lambda: draft_on_disk(demo_path, walk.session.review_id) == "half a thought about [Globex]",
                         "the draft to be saved")  # a moment after typing
        await pilot.press("ctrl+q")  # close the app mid-review
    app.repo.close()

    with reopen(demo_path) as repo:
        review = max(repo.all(Review), key=lambda r: r.id)
        moved = repo.get(Action, overdue_id)
        committed = repo.get(Action, review.action_ids[0])
    assert not review.finished and review.draft == "half a thought about [Globex]"
    assert [a.accepted for a in review.answers] == [False, True]
    assert moved.due == dt.date(2026, 12, 4) and moved.slips[-1].new == dt.date(2026, 12, 4)
    assert committed.deal_id == expansion and committed.owner == "me" and committed.due == dt.date(2026, 11, 27)
    assert first_item.ref_id == decision_date

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "r")
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        assert walk.query_one("#answer", Input).value == "half a thought about [Globex]"
        while isinstance(app.screen, ReviewWalk):
            await pilot.press("ctrl+s")
            await type_into(pilot, "#reason", "Out of time [next week]")
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ReviewSummary)
        await pilot.press("m")
        await pilot.pause()
        exported = list((demo_path.parent / "reviews").glob("review-*.md"))
        assert len(exported) == 1
        text = exported[0].read_text()
        assert "agree the decision date in writing" in text and "Marco Rossi at Fabrikam" in text
        assert "We should touch base with them soon" in text  # refused answers, with the question
        assert "Out of time [next week]" in text

        await pilot.press("escape")
        second = await start_one_on_one(pilot, "jill carter")
        carried = [i.ref_id for i in second.items if i.kind == "commitment"]
        assert committed.id in carried
        await pilot.press("escape")
    app.repo.close()

    with reopen(demo_path) as repo:
        assert max(repo.all(Review), key=lambda r: r.id).finished


async def test_a_deal_needs_two_next_steps_before_it_is_done(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w")
        start = app.screen
        assert isinstance(start, StartReview)
        trading_desk = find(app.repo, Deal, title="Litware: trading desk pilot").id  # no next step
        deal_rows = [n for n, i in enumerate(start.items) if i.kind == "deal" and i.ref_id == trading_desk]
        agenda = start.query_one("#agenda")
        agenda.deselect_all()
        agenda.select(deal_rows[0])
        await pilot.press("ctrl+s")
        walk = app.screen
        assert walk.session.item.ref_id == trading_desk
        await answer(pilot, "By Friday I'll get Tom Baker at Litware to confirm the pilot budget")
        await pilot.press("enter")
        await pilot.pause()
        feedback = str(walk.query_one("#walk-feedback", Static).render())
        assert "two next steps" in feedback and walk.session.review.position == 0
        await answer(pilot, "Within 2 weeks I'll book the security review with Litware's CISO")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSummary)


async def test_done_and_drop_work_while_typing_an_answer(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s")
        walk = app.screen
        assert isinstance(walk, ReviewWalk) and walk.query_one("#answer", Input).has_focus
        first, second = walk.session.item.ref_id, walk.session.review.items[1].ref_id
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.repo.get(Action, first).status == "done"
        await pilot.press("ctrl+x")
        await type_into(pilot, "#reason", "Priya left [Contoso]")
        await pilot.press("enter")
        await pilot.pause()
        dropped = app.repo.get(Action, second)
        assert dropped.status == "dropped" and dropped.drop_reason == "Priya left [Contoso]"
        assert walk.session.review.position == 2


async def test_answering_an_overdue_action_reschedules_it_and_ctrl_z_takes_the_step_back(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s")
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        first = walk.session.item
        overdue = app.repo.get(Action, first.ref_id)
        actions_before = len(app.repo.all(Action))
        await answer(pilot, "By Friday I will get the redlined MSA back from Ana Silva in Northwind procurement")
        assert walk.query_one("#c-fate").value == "reschedule"  # the same result: the same action, rescheduled
        await pilot.press("enter")
        await pilot.pause()
        same = app.repo.get(Action, overdue.id)
        assert walk.session.review.position == 1 and len(app.repo.all(Action)) == actions_before  # no second copy
        assert same.is_open and same.due > overdue.due and same.slips[-1].old == overdue.due
        assert walk.session.review.action_ids == [overdue.id]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.repo.get(Action, overdue.id) == overdue and walk.session.review.action_ids == []
        assert walk.session.review.position == 0
        shown = str(walk.query_one("#walk-item", Static).render())
        assert first.title in shown  # the walk is back on the item whose answer was taken back
    app.repo.close()
    with reopen(demo_path) as repo:
        review = max(repo.all(Review), key=lambda r: r.id)
        assert review.action_ids == [] and review.position == 0 and repo.get(Action, overdue.id) == overdue


async def test_the_draft_is_on_disk_a_moment_after_typing_and_is_no_undo_step(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s")
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        await type_into(pilot, "#answer", "half a thought about [Globex]")
        # one coalesced write, a quarter second after the first keystroke
        await wait_until(pilot, lambda: draft_on_disk(demo_path, walk.session.review_id) == "half a thought about [Globex]",
                         "the draft to be on disk")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any(n.message == "Undone: start weekly review" for n in app._notifications)


async def test_a_paused_weekly_review_folds_into_the_one_on_one_and_a_review_can_end_early(demo_path: Path,
        opened: OpenedApps) -> None:
    from salesplan_tui.ui.screens.dialogs import ConfirmScreen, PickScreen

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s")
        weekly = app.screen.session
        await pilot.press("ctrl+s")
        await type_into(pilot, "#reason", "later")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # paused with items left
        await pilot.pause()
        left = [(i.kind, i.ref_id) for i in weekly.review.items[1:]]
        await pilot.press("o")
        assert isinstance(app.screen, PickScreen)  # not refused: a choice
        await pilot.press("down", "down", "enter")  # the list, its second choice: bring the items along
        await type_into(pilot, "#manager", "Jill Carter")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        keys = [(i.kind, i.ref_id) for i in walk.session.review.items]
        assert all(k in keys for k in left)
        assert app.repo.get(Review, weekly.review_id).finished and "folded" in app.repo.get(Review, weekly.review_id).end_note
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSummary)
        ended = app.repo.get(Review, walk.session.review_id)
        assert ended.finished and ended.end_note.startswith("ended early")


async def test_the_summary_scrolls_to_its_last_section(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s", "ctrl+n")
        await type_into(pilot, "#reason", "not this week")
        await pilot.press("enter")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, ReviewSummary)
        scroll = summary.query_one("#summary-scroll")
        assert scroll.has_focus and scroll.max_scroll_y > 0  # longer than the screen
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
