"""Tests that typing is never lost after the coach refuses: a sentence typed at full speed (digits too), a paste and
the first editing key all land in the answer box while the offers are on screen; picking takes tab, then a digit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, Static

from salesplan_tui.core.model.records import Deal
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.help import HelpScreen
from salesplan_tui.ui.widgets.completion_offers import OfferList

from .conftest import SIZE, find, make_app
from .test_offers_as_sellers_type import answer, in_view, offered, walk_one
from .test_plan_pane import type_into

VAGUE = "we need to follow up"
MORE = " by 12/18 to get 3 references agreed, $40k/yr (2-yr term) #1 priority!"


async def refused_in(where: str, pilot, app: SalesplanApp) -> str:
    """Opens the walk on a deal, or the next-step form of a deal, and has VAGUE refused there; the answer box's id."""
    licence = find(app.repo, Deal, title="Contoso: network-wide licence").id
    if where == "walk":
        await walk_one(pilot, app, lambda i: i.kind == "deal" and i.ref_id == licence)
        await answer(pilot, VAGUE)
        box = "#answer"
    else:
        app.push_screen(ActionForm(deal_id=licence, heading="Next step"))
        await pilot.pause()
        await type_into(pilot, "#sentence", VAGUE)
        await pilot.press("enter")
        await pilot.pause()
        box = "#sentence"
    assert offered(pilot), "refused with offers"
    assert app.screen.query_one(box, Input).has_focus  # the keyboard stays where the seller types
    return box


def burst(app: SalesplanApp, text: str) -> None:
    """Every key of a text queued at once, as a fast typist's (or a key repeat's) arrive: none waits for the last."""
    for char in text:
        app.post_message(events.Key(_character_to_key(char) if not char.isalnum() else char, char))


@pytest.mark.parametrize("where", ["walk", "form"])
async def test_a_sentence_typed_at_full_speed_after_a_refusal_is_kept_whole(demo_path: Path, where: str) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box_id = await refused_in(where, pilot, app)
        box = app.screen.query_one(box_id, Input)
        await pilot.press(*MORE)  # each character a key press, digits and punctuation included
        assert box.value == VAGUE + MORE and box.has_focus

        await pilot.press("enter")  # refused or not, the next burst lands whole too
        await pilot.pause()
        await pilot.press("ctrl+u")
        burst(app, "by 12/18 I'll get 3 references agreed by Dana at Northwind 1 2 3")
        await pilot.pause()
        assert box.value == "by 12/18 I'll get 3 references agreed by Dana at Northwind 1 2 3"
    app.repo.close()


async def test_keys_queued_behind_enter_land_in_the_box_after_the_refusal(demo_path: Path) -> None:
    app = make_app(demo_path)
    licence = find(app.repo, Deal, title="Contoso: network-wide licence").id
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        walk = await walk_one(pilot, app, lambda i: i.kind == "deal" and i.ref_id == licence)
        await type_into(pilot, "#answer", VAGUE)
        app.post_message(events.Key("enter", "\r"))
        burst(app, MORE)  # typed on while the coach reads the answer
        await pilot.pause()
        assert walk.query_one("#answer", Input).value == VAGUE + MORE
    app.repo.close()


@pytest.mark.parametrize("where", ["walk", "form"])
async def test_a_paste_after_a_refusal_is_text_wherever_the_keyboard_is(demo_path: Path, where: str) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box_id = await refused_in(where, pilot, app)
        box = app.screen.query_one(box_id, Input)
        app.post_message(events.Paste(MORE))
        await pilot.pause()
        assert box.value == VAGUE + MORE and box.has_focus

        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_into(pilot, box_id, VAGUE)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab")  # on the offers, a paste still goes in the box: lines joined, nothing dropped
        assert app.screen.query_one(OfferList).has_focus
        app.post_message(events.Paste(" by 12/18\nto get 3 references agreed\n"))
        await pilot.pause()
        assert box.value == VAGUE + " by 12/18 to get 3 references agreed" and box.has_focus
    app.repo.close()


@pytest.mark.parametrize("where", ["walk", "form"])
async def test_editing_keys_act_on_their_first_press_after_a_refusal(demo_path: Path, where: str) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box_id = await refused_in(where, pilot, app)
        box = app.screen.query_one(box_id, Input)
        await pilot.press("ctrl+u")
        assert box.value == ""

        await pilot.press(*VAGUE, "home", "enter")  # refused with the cursor at the start
        await pilot.pause()
        assert offered(pilot) and box.cursor_position == 0
        await pilot.press("end")
        assert box.cursor_position == len(VAGUE)
        await pilot.press("left", "backspace")
        assert box.value == "we need to follow p"
    app.repo.close()


async def test_tab_then_a_digit_picks_and_the_key_is_in_the_footer_and_help(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        walk = await walk_one(pilot, app, lambda i: i.title == "get the redlined MSA back")
        await answer(pilot, "I'll get Dana Ruiz at Northwind Traders to agree the signature date")
        assert {o.element for o in offered(pilot)} == {"due"} and in_view(pilot)
        shown = {key: b.binding.description for key, b in walk.active_bindings.items()}
        assert shown.get("tab") == "Pick an offer"  # in the footer while there are offers
        assert "tab" in str(walk.query_one("#offers-hint", Static).render())

        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "".join(str(s.render()) for s in app.screen.query(Static))
        here = text.split("Here:")[1].split("\n\n")[0]
        assert "Pick an offer" in here and "tab" in here
        await pilot.press("escape")
        await pilot.pause()

        first = offered(pilot)[0]
        burst(app, "\t1")  # tab and the digit at once, as tmux sends them: the digit picks
        await pilot.pause()
        assert walk.query_one("#confirm").display and walk.pending is not None and walk.pending.due is not None
        assert walk.query_one("#answer", Input).value == first.text
        assert "tab" not in {key for key, b in walk.active_bindings.items() if b.binding.id == "offers.choose"}
        await pilot.press("1")  # the pick's key again: text now, where the keyboard is, never a second pick
        assert walk.query_one("#c-outcome", Input).value.endswith("date1")
    app.repo.close()


async def test_on_the_offers_a_letter_goes_back_to_typing_and_enter_picks_the_highlighted(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box_id = await refused_in("form", pilot, app)
        box = app.screen.query_one(box_id, Input)
        burst(app, "\ts2")  # tab by mistake, typing on at once: the letter, and the digit after it, land in the box
        await pilot.pause()
        assert box.value == VAGUE + "s2" and box.has_focus and offered(pilot) == []
        await pilot.press("backspace", "backspace", "enter")
        await pilot.pause()
        second = offered(pilot)[1]
        await pilot.press("tab", "down", "enter")
        await pilot.pause()
        assert box.value == second.text and box.has_focus
    app.repo.close()


async def test_the_offers_and_the_box_are_on_screen_at_80x24(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await refused_in("walk", pilot, app)
        await pilot.pause()
        assert in_view(pilot)
        screen = app.screen.region
        assert app.screen.query_one("#answer").region.bottom <= screen.bottom
        assert app.screen.query_one(OfferList).region.bottom <= screen.bottom
    app.repo.close()
