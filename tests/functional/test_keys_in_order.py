"""Tests that keys apply in the order pressed at any speed: every key of a burst is queued at once (as a fast typist's,
tmux's send-keys or a key repeat's arrive), and the box and fields are read after one pause at the end."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, Static

from salesplan_tui.core.model.records import Action, Deal, Goal, Review
from salesplan_tui.ui.app import SalesplanApp
from salesplan_tui.ui.screens.objective_form import ObjectiveForm

from .conftest import SIZE, find, make_app
from .test_offers_as_sellers_type import walk_one


def burst(app: SalesplanApp, *keys: str) -> None:
    """Keys queued at once: a string of more than one character that is not a key name is typed character by
    character; none waits for the last to be applied."""
    for key in keys:
        chars = [key] if key in ("enter", "home", "end", "backspace", "tab", "ctrl+u") else list(key)
        for char in chars:
            if len(char) > 1:
                app.post_message(events.Key(char, "\r" if char == "enter" else None))
            else:
                app.post_message(events.Key(_character_to_key(char) if not char.isalnum() else char, char))


async def on_deal(pilot, app: SalesplanApp) -> Input:
    licence = find(app.repo, Deal, title="Contoso: network-wide licence").id
    walk = await walk_one(pilot, app, lambda i: i.kind == "deal" and i.ref_id == licence)
    box = walk.query_one("#answer", Input)
    assert box.has_focus
    return box


async def test_enter_then_ctrl_u_then_text_apply_in_order_in_the_walk(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = await on_deal(pilot, app)
        later = "by 12/18 to get 3 references agreed from Priya Nair at Contoso"
        burst(app, "I'll follow up with them soon", "enter", "ctrl+u", later)
        await pilot.pause()
        review = app.repo.all(Review)[-1]
        assert [(a.text, a.accepted) for a in review.answers] == [("I'll follow up with them soon", False)]
        assert box.value == later and box.has_focus
    app.repo.close()


async def test_editing_keys_and_letters_apply_in_order_after_a_refusal(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = await on_deal(pilot, app)
        burst(app, "call Bob", "enter")
        await pilot.pause()
        burst(app, "home", "X", "end", "Y", "backspace", "Z")
        await pilot.pause()
        assert box.value == "Xcall BobZ" and box.has_focus
    app.repo.close()


async def test_an_accepted_answer_hands_the_keyboard_to_the_plan_shown(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = await on_deal(pilot, app)
        burst(app, "by 12/18 I'll get 3 references agreed from Priya Nair at Contoso", "enter", " fast")
        await pilot.pause()
        walk = app.screen
        focused = walk.focused
        assert focused is not None and focused.id == "c-outcome" and focused.display and focused.parent.display
        assert not walk.query_one("#confirm").has_class("hidden")
        assert focused.value.endswith(" fast")  # type: ignore[attr-defined]
        assert box.value == "by 12/18 I'll get 3 references agreed from Priya Nair at Contoso"
    app.repo.close()


async def test_tab_in_a_form_moves_on_before_the_next_letters(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ObjectiveForm(app.repo.all(Goal)[0]))
        await pilot.pause()
        burst(app, "Sign three", "tab", "metric")
        await pilot.pause()
        assert app.screen.query_one("#title", Input).value == "Sign three"
        assert app.screen.query_one("#metric", Input).value == "metric"
    app.repo.close()


async def test_fields_edited_under_an_accepted_plan_are_judged_again(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await on_deal(pilot, app)
        burst(app, "by 12/18 I'll get 3 references agreed from Priya Nair at Contoso", "enter")
        await pilot.pause()
        walk = app.screen
        assert not walk.query_one("#confirm").has_class("hidden")
        before = len(app.repo.all(Action))
        for field, text in (("#c-outcome", "touch base"), ("#c-target", "everyone")):
            walk.query_one(field, Input).value = text
        await pilot.press("enter")
        await pilot.pause()
        error = str(walk.query_one("#confirm-error", Static).render())
        assert len(app.repo.all(Action)) == before  # nothing vague saved
        assert error.startswith("Result it must get:") and "\n" not in error.strip()
        assert walk.focused is walk.query_one("#c-outcome")

        walk.query_one("#c-outcome", Input).value = "3 references agreed"
        await pilot.press("enter")
        await pilot.pause()
        assert str(walk.query_one("#confirm-error", Static).render()).startswith("Aimed at:")
        assert len(app.repo.all(Action)) == before
    app.repo.close()
