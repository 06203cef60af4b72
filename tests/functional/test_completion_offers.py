"""Tests the coach's offers from the keyboard: a vague answer completed with one key per missing part, then kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, Static

from salesplan_tui.core.exchange.workspace_json import from_document
from salesplan_tui.core.model.records import Action, Deal, Review
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.deal_screen import DealScreen
from salesplan_tui.ui.screens.help import HelpScreen
from salesplan_tui.ui.screens.review_start import StartReview
from salesplan_tui.ui.screens.review_walk import ReviewWalk
from salesplan_tui.ui.widgets.completion_offers import CompletionOffers, OfferList
from tests.conftest import TODAY

from .conftest import SIZE, find, make_app, reopen
from .test_hostile_text import HOSTILE, assert_screen_is_safe, hostile_document
from .test_plan_pane import type_into

FRIDAY = dt.date(2026, 11, 27)  # the tests' today is Monday 23 Nov


def offered(pilot) -> list:
    """The offers on screen now (empty when hidden)."""
    offers = pilot.app.screen.query_one(CompletionOffers)
    return pilot.app.screen.query_one(OfferList).offers if offers.display else []


async def complete_by_keys(pilot, wanted: dict[str, str], accepted) -> list[str]:
    """Picks, round after round, the offer of the first missing part whose label starts with what is wanted for it,
    by pressing tab and its number, until `accepted()`; returns the labels picked."""
    picked = []
    for _ in range(6):
        if accepted():
            return picked
        offers = offered(pilot)
        assert offers, "refused with nothing offered"
        assert not pilot.app.screen.query_one(OfferList).has_focus  # the keyboard stays in the box after a refusal
        element = offers[0].element
        number = next(n for n, o in enumerate(offers, 1) if o.element == element
                      and o.label.startswith(wanted.get(element, "")))
        picked.append(offers[number - 1].label)
        await pilot.press("tab", str(number))  # tab into the offers, then the offer's number
        await pilot.pause()
    assert accepted(), picked
    return picked


async def test_the_review_walk_completes_a_vague_answer_key_by_key_and_keeps_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    licence = find(app.repo, Deal, title="Contoso: network-wide licence").id  # Discovery, Priya Nair its contact
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w")
        start = app.screen
        assert isinstance(start, StartReview)
        agenda = start.query_one("#agenda")
        agenda.deselect_all()
        agenda.select(next(n for n, i in enumerate(start.items) if i.kind == "deal" and i.ref_id == licence))
        await pilot.press("ctrl+s")
        walk = app.screen
        assert isinstance(walk, ReviewWalk) and walk.session.item.ref_id == licence

        await type_into(pilot, "#answer", "we need to follow up")
        await pilot.press("enter")
        await pilot.pause()
        labels = [o.label for o in offered(pilot)]
        assert 'I, not "we"' in labels and "Priya Nair, IT director at Contoso Health" in labels
        assert len(labels) <= 9 and any(label.startswith("Fri 27 Nov") for label in labels)

        picked = await complete_by_keys(
            pilot, {"target": "Priya Nair", "outcome": "to confirm the business problem", "due": "Fri 27 Nov"},
            lambda: walk.query_one("#confirm").display)
        assert offered(pilot) == []  # gone once the answer is a plan
        sentence = walk.query_one("#answer", Input).value
        assert sentence.startswith("I ") and "Priya Nair at Contoso Health" in sentence and "Fri 27 Nov" in sentence
        assert walk.query_one("#c-outcome", Input).has_focus
        await pilot.press("enter")  # saves the plan as the deal's next step
        await pilot.pause()
        await pilot.press("ctrl+q")
    app.repo.close()

    with reopen(demo_path) as repo:
        saved = [a for a in repo.all(Action) if a.deal_id == licence and a.captured_from == sentence]
        answers = max(repo.all(Review), key=lambda r: r.id).answers
    assert len(saved) == 1, picked
    # Refused once, in the seller's words; the offers picked on the way are not more refusals of theirs.
    assert [(a.text, a.accepted) for a in answers] == [("we need to follow up", False), (sentence, True)]
    action = saved[0]
    assert action.owner == "me" and "Priya Nair" in action.target and action.due == FRIDAY
    assert "confirm the business problem and its cost" in action.outcome


async def test_the_action_form_of_a_deal_step_completes_the_sentence_and_saves_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        deal_screen = app.screen
        assert isinstance(deal_screen, DealScreen)
        deal = app.repo.get(Deal, deal_screen.deal_id)
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, ActionForm)

        await type_into(pilot, "#sentence", "we need to follow up")
        await pilot.press("enter")
        await pilot.pause()
        assert offered(pilot) and form.query_one("#sentence", Input).has_focus
        await pilot.press("tab", "backspace", "s")  # on the offers, any other key goes back to typing, where it was
        await pilot.pause()
        box = form.query_one("#sentence", Input)
        assert box.value == "we need to follow us" and box.has_focus and offered(pilot) == []  # stale: gone
        await pilot.press("backspace", "p", "enter")
        await pilot.pause()

        picked = await complete_by_keys(pilot, {"due": "Fri 27 Nov"}, lambda: "That is a plan" in str(
            form.query_one("#verdict", Static).render()))
        sentence = box.value
        assert form.query_one("#target", Input).value and form.query_one("#due Input", Input).value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is deal_screen
    app.repo.close()

    with reopen(demo_path) as repo:
        saved = [a for a in repo.all(Action) if a.deal_id == deal.id and a.captured_from == sentence]
    assert len(saved) == 1, (sentence, picked)
    action = saved[0]
    person, clause = picked[1].split(",")[0], picked[2]  # who, whom, what, when: the order they are asked in
    assert action.owner == "me" and person in action.target and person in sentence and action.due == FRIDAY
    assert clause.removeprefix("to ").removeprefix("so that ") in action.outcome


async def test_the_offer_keys_are_in_help_and_a_key_past_the_offers_is_only_a_bell(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "ctrl+s")
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        await type_into(pilot, "#answer", "I'll get Dana Ruiz at Northwind Traders to agree the signature date")
        await pilot.press("enter")
        await pilot.pause()
        offers = offered(pilot)
        assert offers and {o.element for o in offers} == {"due"}
        await pilot.press("tab", "9")  # no ninth offer: nothing changes
        await pilot.pause()
        assert walk.query_one("#answer", Input).value.endswith("signature date") and offered(pilot) == offers
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "".join(str(s.render()) for s in app.screen.query(Static))
        assert "Complete the answer with that offer" in text and "1 … 9" in text
    app.repo.close()


async def test_hostile_contact_names_show_as_typed_in_the_offers(tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    with Repository(path) as repo:
        repo.replace_all(from_document(hostile_document()))
    app = SalesplanApp(Repository(path), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ActionForm(deal_id=1))
        await pilot.pause()
        await type_into(pilot, "#sentence", "I need to follow up by Friday")
        await pilot.press("enter")
        await pilot.pause()
        targets = [o for o in offered(pilot) if o.element == "target"]
        assert targets and targets[0].label.startswith(f"Lena {HOSTILE}, role {HOSTILE}")
        assert_screen_is_safe(app, "the offers")
        listed = app.screen.query_one(OfferList)
        prompt = listed.get_option_at_index(listed.offers.index(targets[0])).prompt.plain
        assert "Lena [/b] [b]Lena[@click=app.quit]x[/]" in prompt and "␛]0;pwned" in prompt  # as typed, ESC visible
        assert not any(c in prompt for c in ("\x1b", "\x07", "\x9b"))
    app.repo.close()


def test_the_walk_with_offers_at_80x24(snap_compare, snapshot_app: SalesplanApp) -> None:
    async def refuse(pilot) -> None:
        await pilot.press("3", "w", "ctrl+s")
        await type_into(pilot, "#answer", "we need to follow up")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=refuse)
