"""Tests what a seller trips on in the second week (issue 24): redo, the outline's shape, empty filters, reviews."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from textual.widgets import Input, Markdown, OptionList, Static

from salesplan_tui.core.base.paths import config_dir
from salesplan_tui.core.model.records import Action, ActionStatus, Review
from salesplan_tui.core.settings.ui_state import UI_STATE_FILE
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.dialogs import ConfirmScreen
from salesplan_tui.ui.screens.review_summary import ReviewSummary
from salesplan_tui.ui.screens.review_walk import ReviewWalk
from salesplan_tui.ui.widgets.plan_tree import UNLINKED, PlanTree, Ref

from .conftest import SIZE, OpenedApps, find, reopen
from .test_outside_changes import add_goal_elsewhere
from .test_plan_pane import type_into
from .test_review import answer, start_one_on_one


async def test_ctrl_y_and_ctrl_shift_z_redo_what_ctrl_z_undid_until_a_new_change(demo_path: Path,
                                                                                 opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome="hold the Q4 business review and agree next year's priorities").id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        await pilot.press("space", "x", "ctrl+z", "ctrl+z")
        assert app.repo.get(Action, qbr).status == ActionStatus.OPEN
        await pilot.press("ctrl+y")
        assert app.repo.get(Action, qbr).status == ActionStatus.DONE and not app.repo.get(Action, qbr).archived
        await pilot.press("ctrl+shift+z")
        assert app.repo.get(Action, qbr).archived
        await pilot.press("ctrl+z", "ctrl+z", "space")  # a new change: nothing is left to redo
        await pilot.press("ctrl+y")
        assert app.repo.get(Action, qbr).status == ActionStatus.DONE and not app.repo.get(Action, qbr).archived
    app.repo.close()
    with reopen(demo_path) as repo:
        assert repo.get(Action, qbr).status == ActionStatus.DONE and not repo.get(Action, qbr).archived


async def test_undo_after_another_window_wrote_reloads_and_undoes_nothing(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome="hold the Q4 business review and agree next year's priorities").id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        await pilot.press("space")
        add_goal_elsewhere(demo_path, "Goal written elsewhere")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.is_running and not app.repo.can_undo and not app.repo.can_redo
        assert app.repo.get(Action, qbr).status == ActionStatus.DONE  # the other window's write is kept too
        said = " ".join(n.message for n in app._notifications)  # by ctrl+z, or by the once-a-second look before it
        assert "changed in another window" in said or "Nothing to undo" in said


def copy_of(path: Path) -> Path:
    """A second workspace: the same file under another name, beside it."""
    other = path.with_name("other-" + path.name)
    shutil.copyfile(path, other)
    return other


async def walk_one_on_one(pilot) -> ReviewWalk:
    """Starts a one-on-one with Jill Carter, whose last one promised 'agree the decision date…' (due Wed 25 Nov)."""
    await start_one_on_one(pilot, "Jill Carter")
    await pilot.press("ctrl+s")
    await pilot.pause()
    walk = pilot.app.screen
    assert isinstance(walk, ReviewWalk)
    return walk


async def test_a_promise_not_yet_due_is_shown_on_track_and_confirmed_with_one_key(demo_path: Path,
                                                                                  opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    decision = find(app.repo, Action, outcome="agree the decision date for the North America expansion").id
    async with app.run_test(size=SIZE) as pilot:
        walk = await walk_one_on_one(pilot)
        assert walk.session.item.ref_id == decision
        shown_item = str(walk.query_one("#walk-item", Static).render())
        assert "On track, due Wed 25 Nov" in shown_item and "ctrl+g confirms it" in shown_item
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert walk.session.review.position == 1
        assert "On track, due" not in str(walk.query_one("#walk-item", Static).render())  # the next one is overdue
        await pilot.press("ctrl+g")  # not for a promise already late: it needs an answer
        await pilot.pause()
        assert walk.session.review.position == 1
        review_id = walk.session.review_id
    app.repo.close()
    with reopen(demo_path) as repo:
        review = repo.get(Review, review_id)
        assert review.items[0].state == "done" and decision in review.action_ids and repo.get(Action, decision).is_open


async def test_the_summary_shows_every_answer_given_on_an_item(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        walk = await walk_one_on_one(pilot)
        await answer(pilot, "We should touch base with them soon")
        assert "That is a plan" in await answer(
            pilot, "By Friday I'll get Marco Rossi at Fabrikam to agree the decision date in writing")
        walk.query_one("#c-fate").value = "done"
        walk.query_one("#c-outcome").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewSummary)
        text = app.screen.query_one("#summary-md", Markdown).source
        items = text.split("## Items")[1].split("\n## ")[0]
        assert '✗ refused: "We should touch base with them soon"' in items
        assert "✓ \"By Friday I'll get Marco Rossi at Fabrikam" in items


async def test_throw_away_says_what_stays_and_it_does(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    decision = find(app.repo, Action, outcome="agree the decision date for the North America expansion").id
    calls = find(app.repo, Action, outcome="book three discovery calls").id
    async with app.run_test(size=SIZE) as pilot:
        walk = await walk_one_on_one(pilot)
        review_id = walk.session.review_id
        await pilot.press("ctrl+d")  # the first promise kept
        await pilot.press("ctrl+r")
        await type_into(pilot, "#reason", "next Friday")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        said = " ".join(dialog.lines)
        assert "Your plan keeps what it changed: 1 marked done and 1 rescheduled." in said
        assert "0 action" not in said
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewWalk)
    app.repo.close()
    with reopen(demo_path) as repo:
        assert repo.get(Review, review_id).archived
        assert repo.get(Action, decision).status == ActionStatus.DONE and repo.get(Action, calls).slips


async def test_the_outline_reopens_as_it_was_left_per_workspace(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        assert tree.current == Ref("category", "relationship")
        await pilot.press("j", "space", "j")  # open the first goal, down to its first objective
        await pilot.pause()
        left_on = tree.current
        assert left_on is not None and left_on.kind == "objective"
        customer = tree._node_of[Ref("category", "success")]
        tree.move_cursor(customer)
        await pilot.press("space", "k")  # close a category, and leave the cursor on the line above it
        await pilot.pause()
        left_on = tree.current
        expanded = {ref for ref, node in tree._node_of.items() if node.is_expanded}
    app.repo.close()
    assert any(ref.kind == "goal" for ref in expanded)

    again = opened.app(demo_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = again.query_one(PlanTree)
        assert tree.current == left_on
        assert {ref for ref, node in tree._node_of.items() if node.is_expanded} == expanded
        assert not tree._node_of[Ref("category", "success")].is_expanded

    elsewhere = opened.app(copy_of(demo_path))  # another workspace keeps its own shape: the default one here
    async with elsewhere.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = elsewhere.query_one(PlanTree)
        assert tree.current == Ref("category", "relationship") and tree._node_of[Ref("category", "success")].is_expanded


async def test_a_broken_ui_state_file_never_stops_the_app_and_is_replaced(demo_path: Path, opened: OpenedApps) -> None:
    kept = config_dir() / UI_STATE_FILE
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(b'{"workspaces": {"' + str(demo_path).encode() + b'": {"plan_outline": {"open": [["goal"')
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        assert tree.current == Ref("category", "relationship")
        await pilot.press("j", "j")
        await pilot.pause()
    assert json.loads(kept.read_bytes())["workspaces"][str(demo_path.resolve())]["plan_outline"]["cursor"]


async def type_filter(pilot, text: str) -> str:
    await pilot.press("slash")
    await type_into(pilot, "#plan-filter", text)
    await pilot.press("enter")
    await pilot.pause()
    return str(pilot.app.query_one("#plan-filter-note", Static).render())


async def test_a_filter_that_finds_nothing_says_so_with_a_hint(db_path: Path, demo_path: Path,
                                                               opened: OpenedApps) -> None:
    Repository(db_path).close()
    app = opened.app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = await type_filter(pilot, "overdue")
        assert "No action matches `overdue`" in note and "escape on the box clears it" in note
        assert app.query_one("#plan-filter-note").display
    app.repo.close()
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        note = await type_filter(pilot, "[b]zebra[/b] \x1b]0;x")
        assert "No action matches `[b]zebra[/b] ␛]0;x`" in note  # typed text shown as typed, controls visible
        assert "No action matches" not in await type_filter(pilot, "overdue")  # the demo has late actions


async def test_escape_and_h_bring_the_outline_back_from_the_health_panel_at_80_columns(demo_path: Path,
                                                                                       opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        await pilot.press("h")
        await pilot.pause()
        assert app.query_one("#plan-health").display and not app.query_one("#plan-main").display
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#plan-main").display and not app.query_one("#plan-health").display
        assert app.focused is tree
        await pilot.press("h", "h")
        await pilot.pause()
        assert app.query_one("#plan-main").display and app.focused is tree
        await pilot.press("escape")  # with the outline shown, escape leaves it shown
        await pilot.pause()
        assert app.query_one("#plan-main").display


async def test_agenda_boxes_ticked_and_unticked_differ_by_glyph_and_word_not_colour_alone(demo_path: Path,
                                                                                        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        listing = app.query_one("#agenda-list", OptionList)
        line = listing.highlighted
        ticked = int(listing.get_option_at_index(line).id[1:])
        await pilot.press("space")
        await pilot.pause()
        assert not app.repo.get(Action, ticked).is_open
        text = listing.get_option_at_index(line).prompt.plain  # the same line, still listed
        assert text.startswith("  ☑ ") and "done" in text
        assert listing.get_option_at_index(listing.highlighted).prompt.plain.startswith("  ☐ ")  # on to the next
        assert "☑ 1 done today" in str(app.query_one("#agenda-title", Static).render())
        await pilot.press("up", "space")  # untick it
        await pilot.pause()
        assert app.repo.get(Action, ticked).is_open
        assert listing.get_option_at_index(line).prompt.plain.startswith("  ☐ ")
        await pilot.press("space")
    app.repo.close()
    with reopen(demo_path) as repo:
        assert repo.get(Action, ticked).status == ActionStatus.DONE


async def open_action_form(pilot) -> ActionForm:
    """The new-action form, from the 'Just doing' group of the outline."""
    await pilot.pause()
    tree = pilot.app.query_one(PlanTree)
    tree.move_cursor(tree._node_of[UNLINKED])
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ActionForm)
    return pilot.app.screen


async def test_the_date_field_placeholder_fits_names_no_past_day_and_errors_clear_once_fixed(
        demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_action_form(pilot)
        box = form.query_one("#due-text", Input)
        assert box.placeholder == "Friday or Dec 7"  # two weeks after Mon 23 Nov: never a day gone by
        assert box.content_region.width > len(box.placeholder)  # all of it shows, the cursor after it
        box.focus()
        await pilot.press(*"someday", "ctrl+s")
        await pilot.pause()
        error = form.query_one("#due-error", Static)
        assert "is not a date" in str(error.render())
        box.focus()  # the form put the keyboard on the first field in error (aimed at)
        await pilot.pause()
        await pilot.press("end", "ctrl+u", *"Dec 4")
        await pilot.pause()
        assert str(error.render()) == ""  # fixed: the message about 'someday' goes
        await pilot.press("shift+tab", "tab")  # back into the date now there: it is selected, typing replaces it
        await pilot.pause()
        assert box.selected_text == "Dec 4"
        await pilot.press(*"Friday")
        assert box.value == "Friday"


async def test_after_a_refusal_the_action_form_says_the_fields_are_the_last_plan_and_ctrl_s_is_true(
        demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_action_form(pilot)
        await type_into(pilot, "#sentence", "By Friday I'll get Dana Ruiz at Northwind to confirm the budget line")
        await pilot.press("enter")
        await pilot.pause()
        planned = form.query_one("#outcome", Input).value
        assert "confirm the budget line" in planned
        await type_into(pilot, "#sentence", "I'll touch base with Northwind soon")
        await pilot.press("enter")
        await pilot.pause()
        note = str(form.query_one("#fields-note", Static).render())
        assert "The fields below are the last plan accepted, not this sentence" in note
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = str(form.query_one("#sentence-error", Static).render())
        assert "fill" not in said and "save the fields below as they are" in said
        assert isinstance(app.screen, ActionForm)
        form.query_one("#sentence", Input).focus()
        await pilot.press("end", "ctrl+u")
        await pilot.pause()
        assert str(form.query_one("#fields-note", Static).render()) == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ActionForm)
    app.repo.close()
    with reopen(demo_path) as repo:
        assert find(repo, Action, outcome=planned).owner == "me"  # saved, once (find fails on none or two)


async def test_in_the_walk_still_needed_goes_once_the_date_is_filled_in(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        walk = await walk_one_on_one(pilot)
        assert "That is a plan" in await answer(
            pilot, "By Friday I'll get Marco Rossi at Fabrikam to agree the decision date in writing")
        due = walk.query_one("#c-due-text", Input)
        due.focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        walk.query_one("#c-outcome", Input).focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        error = walk.query_one("#confirm-error", Static)
        assert str(error.render()) == "Still needed: date"
        due.focus()
        await pilot.pause()
        await pilot.press(*"Dec 4")
        await pilot.pause()
        assert str(error.render()) == ""
