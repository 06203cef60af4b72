"""Tests that a key draws what is in view and nothing else: the review list under the walk, a form's focus, the outline
when a branch is already open, the board's columns and figures after a move, and a card's dashed line."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from salesplan_tui.core.model.records import Action, Deal, Kind, Objective
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.ui.panes.pipeline import DealList, PipelinePane
from salesplan_tui.ui.panes.review import ReviewPane
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.review_walk import ReviewWalk
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref

from .conftest import SIZE, OpenedApps


async def test_the_review_list_is_drawn_when_the_walk_is_left_not_at_each_step(demo_path: Path, opened: OpenedApps,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "w")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the agenda as offered: the walk begins
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, ReviewWalk)
        session = walk.session
        assert session.item is not None and session.item.kind in (Kind.ACTION, Kind.COMMITMENT)
        reloads: list[int] = []
        real_reload = ReviewPane.reload
        monkeypatch.setattr(ReviewPane, "reload", lambda self: (reloads.append(1), real_reload(self))[1])
        position = session.review.position
        await pilot.press("ctrl+d")  # the item's action done: one step, the review saved
        await pilot.pause()
        assert session.review.position == position + 1 and app.screen is walk
        assert reloads == []  # the list of reviews under the walk is not drawn while no one sees it
        await pilot.press("escape")  # pause: back on the Review pane
        await pilot.pause()
        assert app.screen is not walk and reloads == [1]
        listing = str(app.query_one(ReviewPane).query_one("#review-list").get_option_at_index(0).prompt)
        assert "paused" in listing and f"{position + 1} of {len(session.review.items)} items" in listing


async def test_a_form_starts_in_its_first_field_without_focusing_the_form_first(demo_path: Path, opened: OpenedApps,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    focused: list[object] = []
    real_set_focus = Screen.set_focus

    def set_focus(self, widget, scroll_visible: bool = True, from_app_focus: bool = False):  # type: ignore[no-untyped-def]
        if isinstance(self, ActionForm):
            focused.append(widget)
        return real_set_focus(self, widget, scroll_visible, from_app_focus)

    monkeypatch.setattr(Screen, "set_focus", set_focus)
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        objective = next(o for o in app.repo.all(Objective) if app.repo.actions_by("objective_id").get(o.id))
        assert tree.reveal(Ref(Kind.OBJECTIVE, objective.id))
        tree.focus()
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionForm)
        assert form.focused is form.query_one("#sentence", Input)
        # Each move of the keyboard restyles what it leaves and what it reaches: the scrolling form (every field in
        # it) was focused first and left a turn later.
        assert focused and not any(isinstance(w, VerticalScroll) for w in focused)
        assert all(box.compact for box in form.query(Input))  # the boxes still look as before: compact


async def test_revealing_under_open_branches_leaves_the_outline_as_drawn(demo_path: Path, opened: OpenedApps,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        action = next(a for a in app.repo.all(Action) if a.objective_id is not None)
        assert tree.reveal(Ref(Kind.ACTION, action.id))
        await pilot.pause()
        forgotten: list[int] = []
        real_invalidate = PlanTree._invalidate
        monkeypatch.setattr(PlanTree, "_invalidate", lambda self: (forgotten.append(1), real_invalidate(self))[1])
        tree.move_cursor_to_line(0)
        assert tree.reveal(Ref(Kind.ACTION, action.id))  # its category, goal and objective are open already
        assert forgotten == [] and tree.current == Ref(Kind.ACTION, action.id)


async def test_a_move_redraws_the_two_columns_it_changes_and_their_figures(demo_path: Path, opened: OpenedApps,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from salesplan_tui.ui.panes import pipeline

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        board = app.query_one(PipelinePane)
        deal = board.current_deal()
        assert deal is not None
        stages = [s.name for s in app.repo.process.stages]
        target = app.repo.process.stage(stages[stages.index(deal.stage) + 1])
        assert target is not None
        summed: list[int] = []
        real_totals = pipeline.totals
        monkeypatch.setattr(pipeline, "totals", lambda deals, process: (summed.append(1), real_totals(deals, process))[1])
        before = {dl.stage: len(dl.deal_ids) for dl in board.query(DealList)}
        cards = {dl.get_option_at_index(i).id: dl.get_option_at_index(i) for dl in board.query(DealList)
                 for i in range(dl.option_count)}
        app.apply(lambda: deal_ops.move_stage(app.repo, app.clock, app.repo.get(Deal, deal.id), target))
        await pilot.pause()
        await pilot.pause()
        after = {dl.stage: len(dl.deal_ids) for dl in board.query(DealList)}
        assert after[deal.stage] == before[deal.stage] - 1 and after[target.name] == before[target.name] + 1
        redrawn = {dl.get_option_at_index(i).id: dl.get_option_at_index(i) for dl in board.query(DealList)
                   for i in range(dl.option_count)}
        # The other cards of the two columns are the very cards drawn before (made and measured once); the moved
        # deal's is made again, for its new stage.
        assert redrawn[str(deal.id)] is not cards[str(deal.id)]
        assert all(redrawn[i] is cards[i] for i in redrawn if i != str(deal.id) and i in cards)
        assert len(summed) == 4  # the two columns, and the summary's open and won totals: not every column
        headers = {dl.stage: str(dl.parent.query_one(".column-header", Static).render())  # type: ignore[union-attr]
                   for dl in board.query(DealList)}
        assert f"  {after[target.name]}\n" in headers[target.name] and f"  {after[deal.stage]}\n" in headers[deal.stage]
        summed.clear()
        app.apply(lambda: deal_ops.move_stage(app.repo, app.clock, app.repo.get(Deal, deal.id),
                                              app.repo.process.stage(deal.stage)))  # and back
        await pilot.pause()
        await pilot.pause()
        assert {dl.stage: len(dl.deal_ids) for dl in board.query(DealList)} == before and len(summed) == 4


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_cards_dashed_line_is_as_wide_as_its_column(demo_path: Path, opened: OpenedApps,
                                                         size: tuple[int, int]) -> None:
    from salesplan_tui.ui.deal_card import CardVisual

    app = opened.app(demo_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        checked = 0
        for column in app.query(DealList):
            padding = column.get_component_styles("option-list--option").padding.width
            width = column.scrollable_content_region.width - padding
            for index in range(column.option_count):
                prompt = column.get_option_at_index(index).prompt
                assert isinstance(prompt, CardVisual)
                strips = CardVisual.to_strips(column, prompt, width, None, column.visual_style)
                lines = [strip.text for strip in strips]
                assert lines[-1] == "╌" * width  # the whole width, on one line
                assert not any(set(line.strip()) == {"╌"} for line in lines[:-1])  # nothing of it wrapped above
                assert len(lines) == prompt.get_height(column.styles, width)
                checked += 1
        assert checked


def _screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _dialog_text(app) -> str:  # type: ignore[no-untyped-def]
    """The text of the form's dialog alone, as drawn (the outline behind it is not the form's)."""
    region = app.screen.query_one(".dialog").region
    strips = app.screen._compositor.render_strips()[region.y:region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text for strip in strips)


async def test_the_action_form_is_made_once_and_opens_as_a_new_one_would(demo_path: Path, opened: OpenedApps) -> None:
    from salesplan_tui.core.plan import goal_ops
    from salesplan_tui.ui.widgets.completion_offers import CompletionOffers

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        first, second = [o for o in app.repo.all(Objective) if app.repo.actions_by("objective_id").get(o.id)][:2]

        async def add_under(objective: Objective) -> ActionForm:
            assert tree.reveal(Ref(Kind.OBJECTIVE, objective.id))
            tree.focus()
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, ActionForm)
            return app.screen

        form = await add_under(second)
        as_new = _dialog_text(app)
        await pilot.press("escape")
        await pilot.pause()
        again = await add_under(first)
        assert again is form  # the very same screen, not made again
        await pilot.press(*"we should touch base soon", "enter")  # refused: a question, offers, a message
        await pilot.pause()
        form.query_one("#owner", Input).value = "Dana"
        form.show_errors({"target": "Who is it aimed at?"})
        await pilot.press("escape", "escape")  # the offers, then the form
        await pilot.pause()
        await add_under(second)
        assert app.screen is form and _dialog_text(app) == as_new  # as it first opened: nothing left of the last use
        assert form.focused is form.query_one("#sentence", Input) and form.query_one("#owner", Input).value == "me"
        assert not form.query_one(CompletionOffers).display and form.choice("objective_id") == second.id
        await pilot.press("escape")
        await pilot.pause()
        # An objective renamed since is offered by its new name; an action edited fills the form, under its heading.
        renamed = app.apply(goal_ops.edit(app.repo, second, title="Win three [reference] customers"))
        assert renamed is not None
        step = app.repo.actions_by("objective_id")[first.id][0]
        assert tree.reveal(Ref(Kind.ACTION, step.id))
        tree.focus()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is form and "Edit action" in _screen_text(app)
        assert form.query_one("#outcome", Input).value == step.outcome and form.choice("objective_id") == first.id
        titles = [str(prompt) for prompt, _ in form.query_one("#objective_id", Select)._options]
        assert "Win three [reference] customers" in titles and second.title not in titles


async def test_the_move_dialog_is_made_once_and_opens_as_a_new_one_would(demo_path: Path, opened: OpenedApps) -> None:
    from textual.widgets import SelectionList

    from salesplan_tui.ui.screens.stage_move import StageMoveScreen

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        board = app.query_one(PipelinePane)
        column = board.query(DealList).first()
        assert column.option_count >= 2
        column.focus()

        async def ask_to_move(row: int) -> StageMoveScreen:
            column.highlighted = row
            await pilot.pause()
            await pilot.press("shift+right")
            await pilot.pause()
            assert isinstance(app.screen, StageMoveScreen)
            return app.screen

        dialog = await ask_to_move(0)
        assert dialog.criteria  # the first stage has exit criteria to tick
        as_new = _dialog_text(app)
        await pilot.press("n")
        await pilot.pause()
        again = await ask_to_move(1)
        assert again is dialog  # the very same screen, not made again
        await pilot.press("space", "space", "y")  # a criterion ticked and unticked: none is, so it asks for them
        await pilot.pause()
        assert app.screen is dialog and "not confirmed yet" in _dialog_text(app)
        await pilot.press("n")
        await pilot.pause()
        await ask_to_move(0)
        assert app.screen is dialog and _dialog_text(app) == as_new  # nothing ticked, no message, its own deal
        criteria = dialog.query_one("#criteria", SelectionList)
        assert criteria.selected == [] and dialog.focused is criteria and criteria.highlighted == 0


async def test_a_new_step_beside_one_of_a_closed_deal_is_not_offered_to_that_deal(demo_path: Path,
                                                                                  opened: OpenedApps) -> None:
    from salesplan_tui.core.model.records import Action, Deal
    from salesplan_tui.core.pipeline import deal_ops

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        step = next(a for a in app.repo.all(Action) if a.deal_id is not None and a.objective_id is not None)

        async def add_beside() -> ActionForm:
            assert tree.reveal(Ref(Kind.ACTION, step.id))
            tree.focus()
            await pilot.pause()
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, ActionForm)
            return app.screen

        form = await add_beside()
        assert form.choice("deal_id") == step.deal_id  # an open deal: the new step goes with it
        await pilot.press("escape")
        await pilot.pause()
        deal = app.repo.get(Deal, step.deal_id)
        assert deal is not None and app.apply(deal_ops.close(app.repo, app.clock, deal, won=True)) is not None
        form = await add_beside()
        assert form.choice("deal_id") is None and form.choice("objective_id") == step.objective_id
