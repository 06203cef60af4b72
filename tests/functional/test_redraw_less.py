"""Tests that keys redraw only what they change and in the frame of the key: focus, the outline, the filter."""

from __future__ import annotations

import inspect
from pathlib import Path

from textual.widgets import Input

from salesplan_tui.core.model.records import Goal
from salesplan_tui.ui.panes.agenda import AgendaPane
from salesplan_tui.ui.widgets.key_footer import KeyFooter
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref

from .conftest import SIZE, OpenedApps


async def test_a_pane_key_shows_the_pane_focused_with_its_keys_before_any_frame(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = app.action_show_pane("agenda")  # what the key 4 runs; no message has been handled since
        if inspect.isawaitable(shown):  # a pane made when first shown is mounted first
            await shown
        agenda = app.query_one(AgendaPane)
        assert app.focused is agenda.query_one("#agenda-list")
        assert "Done" in str(app.query_one(KeyFooter).render())


async def test_clearing_a_filter_brings_back_the_outline_as_it_was_before_it(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        goal = app.repo.all(Goal)[0]
        assert tree.reveal(Ref("goal", goal.id))
        await pilot.pause()
        tree._node_of[Ref("goal", goal.id)].expand()
        await pilot.pause()
        opened = {ref for ref, node in tree._node_of.items() if node.is_expanded}
        before = tree.current
        await pilot.press("slash")
        assert app.focused is app.query_one("#plan-filter", Input)  # focused with the key, not a frame later
        app.query_one("#plan-filter", Input).value = "owner:me"
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is tree and len({r for r, n in tree._node_of.items() if n.is_expanded}) > len(opened)
        await pilot.press("slash", "escape")
        await pilot.pause()
        # What the filter opened is closed again, and the cursor is back where it was.
        assert {ref for ref, node in tree._node_of.items() if node.is_expanded} == opened
        assert tree.current == before


async def test_an_action_added_under_an_open_objective_goes_in_its_place_without_a_rebuild(demo_path: Path,
        opened: OpenedApps) -> None:
    from salesplan_tui.core.model.records import Action, Objective
    from salesplan_tui.core.plan import action_ops

    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        objective = next(o for o in app.repo.all(Objective) if len(app.repo.actions_by("objective_id").get(o.id, [])) >= 2)
        steps = app.repo.actions_by("objective_id")[objective.id]
        assert tree.reveal(Ref("action", steps[0].id))  # the objective is open
        await pilot.pause()
        rebuilds: list[int] = []
        tree.rebuild = lambda *a: rebuilds.append(1)  # type: ignore[method-assign]
        due = steps[0].due  # between the first two steps, or after the first
        added = app.apply(action_ops.add_action(app.repo, app.clock, owner="me", target="Dana Ruiz at Contoso",
                                                outcome="confirm the budget", due=due, objective_id=objective.id))
        assert added is not None and rebuilds == []
        new = added.first(Action)
        shown = [n.data.id for n in tree._node_of[Ref("objective", objective.id)].children]
        assert shown == [a.id for a in app.repo.actions_by("objective_id")[objective.id]] and new.id in shown
        opened = sum(1 for a in app.repo.actions_by("objective_id")[objective.id] if a.is_open)
        assert f"{opened} open" in str(tree._node_of[Ref("objective", objective.id)].label)


async def test_the_agenda_draws_a_page_at_a_time_and_keeps_the_cursor_on_its_line_after_done(tmp_path: Path,
        opened: OpenedApps) -> None:
    from bench import generate
    from salesplan_tui.core.model.records import Action
    from salesplan_tui.ui.panes import agenda
    from salesplan_tui.ui.widgets.paged_list import PagedList
    from tests.conftest import TODAY

    sizes = {"goals": 3, "objectives": 9, "actions": 400, "accounts": 5, "deals": 10, "reviews": 1}
    app = opened.app(generate.large(tmp_path, TODAY, sizes))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        listing = app.query_one("#agenda-list", PagedList)
        assert listing.option_count == agenda.PAGE and listing.pending  # a page made, the rest kept
        listing.highlighted = agenda.PAGE - 2
        await pilot.pause()
        assert listing.option_count > agenda.PAGE  # the next page, as the cursor came near the end
        listing.highlighted = 5
        await pilot.pause()
        line = listing.highlighted
        done = int(listing.get_option_at_index(line).id[1:])
        following = listing.get_option_at_index(line + 1).id
        await pilot.press("space")
        await pilot.pause()
        assert not app.repo.get(Action, done).is_open
        # The ticked one stays in its place, ticked; the cursor goes on to the next one (issue 24).
        assert listing.get_option_at_index(line).id == f"a{done}"
        assert listing.highlighted == line + 1 and listing.get_option_at_index(line + 1).id == following


async def test_a_group_of_actions_under_no_objective_lists_a_page_at_a_time(tmp_path: Path, opened: OpenedApps) -> None:
    from bench import generate
    from salesplan_tui.ui.widgets import plan_tree
    from tests.conftest import TODAY

    sizes = {"goals": 3, "objectives": 9, "actions": 1600, "accounts": 5, "deals": 10, "reviews": 1}
    app = opened.app(generate.large(tmp_path, TODAY, sizes))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        loose = tree._unfiled()[plan_tree.UNLINKED]
        assert len(loose) > 2 * plan_tree.GROUP_PAGE
        group = tree._node_of[plan_tree.UNLINKED]
        tree._open(group)
        listed = [n.data for n in group.children]
        assert len(listed) == plan_tree.GROUP_PAGE + 1 and listed[-1].kind == plan_tree.MORE
        assert f"{len(loose) - plan_tree.GROUP_PAGE} more" in str(group.children[-1].label)
        tree.focus()
        tree.place_cursor(listed[-1])
        await pilot.pause()
        await pilot.press("enter")  # the next page, the cursor on its first action
        await pilot.pause()
        assert len(group.children) == 2 * plan_tree.GROUP_PAGE + 1
        assert tree.current == Ref("action", loose[plan_tree.GROUP_PAGE].id)
        assert tree.reveal(Ref("action", loose[-1].id))  # one further down is listed when it is looked for
        assert [n.data.id for n in group.children] == [a.id for a in loose]
