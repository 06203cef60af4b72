"""Tests the coach's offers from the keyboard as sellers really answer: a plan edited after it was shown, two days
that disagree, a note with no "I", an action tied to nothing, escape on the offers, and a small or shrinking
terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, Static

from salesplan_tui.core.model.records import Action, Deal
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.review_start import StartReview
from salesplan_tui.ui.screens.review_walk import ReviewWalk
from salesplan_tui.ui.widgets.completion_offers import CompletionOffers, OfferList

from .conftest import SIZE, OpenedApps, find, reopen
from .test_plan_pane import type_into

THURSDAY = dt.date(2026, 12, 3)  # the tests' today is Monday 23 Nov; 12/4 is a Friday


def offered(pilot) -> list:
    offers = pilot.app.screen.query_one(CompletionOffers)
    return pilot.app.screen.query_one(OfferList).offers if offers.display else []


async def walk_one(pilot, app: SalesplanApp, wanted) -> ReviewWalk:
    """Starts a weekly review of the one agenda item `wanted` picks."""
    await pilot.press("3", "w")
    start = app.screen
    assert isinstance(start, StartReview)
    agenda = start.query_one("#agenda")
    agenda.deselect_all()
    agenda.select(next(n for n, i in enumerate(start.items) if wanted(i)))
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ReviewWalk)
    return app.screen


async def answer(pilot, text: str) -> None:
    await type_into(pilot, "#answer", text)
    await pilot.press("enter")
    await pilot.pause()


def in_view(pilot) -> bool:
    """Every offer and the answer box are inside the part of the walk the terminal shows."""
    screen = pilot.app.screen
    body, listed, box = screen.query_one("#walk-body").region, screen.query_one(OfferList).region, screen.query_one("#answer").region
    return (listed.height >= len(offered(pilot)) and body.y <= box.y and listed.bottom <= body.bottom)


async def test_a_plan_shown_then_the_answer_made_vague_is_no_longer_what_enter_saves(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    licence = find(app.repo, Deal, title="Contoso: network-wide licence").id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        walk = await walk_one(pilot, app, lambda i: i.kind == "deal" and i.ref_id == licence)
        plan = "By Friday I'll get Priya Nair at Contoso Health to confirm the budget owner"
        await answer(pilot, plan)
        confirm = walk.query_one("#confirm")
        assert confirm.display and walk.query_one("#c-outcome", Input).has_focus
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # back up to the answer, as a seller would
        assert walk.query_one("#answer", Input).has_focus
        await pilot.press("end", *" maybe")
        await pilot.pause()
        assert not confirm.display  # the plan shown was read from other words
        assert "That is a plan" not in str(walk.query_one("#walk-feedback", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert offered(pilot) and not confirm.display  # refused: nothing of the old plan left to save
        await pilot.press("shift+tab", "shift+tab", "enter")  # wherever enter lands, the old plan is not saved
        await pilot.pause()
        await pilot.press("ctrl+q")
    with reopen(demo_path) as repo:
        assert not [a for a in repo.all(Action) if a.captured_from == plan]


async def test_thursday_12_4_is_asked_about_and_answered_with_one_key(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    licence = find(app.repo, Deal, title="Contoso: network-wide licence").id
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        walk = await walk_one(pilot, app, lambda i: i.kind == "deal" and i.ref_id == licence)
        await answer(pilot, "Thursday 12/4 ill get priya to confirm the budget owner")
        assert "Thursday 3 Dec or Friday 4 Dec" in str(walk.query_one("#walk-feedback", Static).render())
        assert [o.label for o in offered(pilot)[:2]] == ["Thu 3 Dec", "Fri 4 Dec"]
        await pilot.press("tab", "1")
        await pilot.pause()
        sentence = walk.query_one("#answer", Input).value
        assert sentence.startswith("by Thu 3 Dec ill get Priya Nair")  # spelled as the workspace has her, to be kept and walk.query_one("#confirm").display
        assert walk.pending is not None and walk.pending.due == THURSDAY


async def test_a_note_with_no_i_is_completed_to_a_plan_by_keys(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    licence = find(app.repo, Deal, title="Contoso: network-wide licence").id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        walk = await walk_one(pilot, app, lambda i: i.kind == "deal" and i.ref_id == licence)
        await answer(pilot, "- need to get them to confirm the budget owner asap")
        for element in ("target", "due"):  # the note is the speaker's; each pick moves the answer on
            offers = offered(pilot)
            assert offers and offers[0].element == element, [(o.element, o.label) for o in offers]
            await pilot.press("tab", "1")
            await pilot.pause()
        sentence = walk.query_one("#answer", Input).value
        assert walk.query_one("#confirm").display, sentence
        assert sentence.startswith("- need to get Priya Nair at Contoso Health to confirm") and "them" not in sentence


async def test_an_action_tied_to_nothing_is_offered_its_accounts_people(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        walk = await walk_one(pilot, app, lambda i: i.title == "touch base about the portal")
        await answer(pilot, "I'll touch base with everyone involved soon")
        whom = [o.label for o in offered(pilot) if o.element == "target"]
        assert whom and all(label.endswith("at Litware Bank") for label in whom)
        await pilot.press("tab", str(next(n for n, o in enumerate(offered(pilot), 1) if o.element == "target")))
        await pilot.pause()
        assert "everyone" not in walk.query_one("#answer", Input).value


async def test_the_offers_stay_in_view_at_80x24_pick_after_pick_and_when_the_terminal_shrinks(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await walk_one(pilot, app, lambda i: i.title == "confirm the purchase order number is issued")
        await answer(pilot, "we should probably touch base with everyone involved soon")
        assert len(offered(pilot)) >= 5 and in_view(pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert in_view(pilot)
        for _ in range(4):  # promise, I, whom, result: the question grows and shrinks, the offers stay seen
            await pilot.press("tab", "1")
            await pilot.pause()
            if not offered(pilot):
                break
            assert in_view(pilot), [o.label for o in offered(pilot)]


async def test_escape_on_the_offers_of_the_action_form_goes_back_to_the_sentence_then_closes(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ActionForm())
        await pilot.pause()
        form = app.screen
        await type_into(pilot, "#sentence", "we should set up a QBR w/ contoso sometime in december")
        await pilot.press("enter")
        await pilot.pause()
        assert form.query_one("#sentence", Input).has_focus
        assert "escape closes" in str(form.query_one("#offers-hint", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        box = form.query_one("#sentence", Input)
        assert app.screen is form and box.has_focus and offered(pilot) == []
        assert box.value == "we should set up a QBR w/ contoso sometime in december"  # as typed, nothing lost
        await pilot.press("enter")  # asked again: the offers come back ("w/ contoso" names Contoso Health: no whom)
        await pilot.pause()
        assert offered(pilot) and not any(o.element == "target" for o in offered(pilot))
        due = [o for o in offered(pilot) if o.element == "due"]
        assert due and all("december" not in o.text and "by by" not in o.text for o in due)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.screen is not form
