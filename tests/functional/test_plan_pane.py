"""Tests the Plan pane from the keyboard: build a plan top down, execute it bottom up, find what is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from salesplan_tui.core.model.records import Action, ActionStatus, Goal, Objective
from salesplan_tui.core.storage import Repository
from salesplan_tui.ui.screens.action_form import ActionForm
from salesplan_tui.ui.screens.goal_form import GoalForm
from salesplan_tui.ui.screens.objective_form import ObjectiveForm
from salesplan_tui.ui.widgets.plan_tree import PlanTree, Ref
from tests.conftest import TODAY

from .conftest import SIZE, OpenedApps, find, reopen


async def type_into(pilot, selector: str, text: str) -> None:
    """Focuses a field, clears it and types text into it as a user would (one Changed event per edit)."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    field.insert_text_at_cursor(text)
    await pilot.pause()


async def test_build_goal_objective_action_with_a_refused_sentence(db_path: Path, opened: OpenedApps) -> None:
    Repository(db_path).close()
    app = opened.app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first paint places the cursor and the focus
        tree = app.query_one(PlanTree)
        assert tree.current == Ref("category", "relationship")
        await pilot.press("a")
        assert isinstance(app.screen, GoalForm)
        await type_into(pilot, "#title", "Be a trusted advisor to [five] sponsors")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tree.current is not None and tree.current.kind == "goal"

        await pilot.press("a")
        assert isinstance(app.screen, ObjectiveForm)
        await type_into(pilot, "#title", "QBRs with executive sponsors")
        await type_into(pilot, "#metric", "QBRs held")
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(app.screen.query_one("#target-error", Static).render())
        assert isinstance(app.screen, ObjectiveForm) and "number is required" in errors  # SMART: a numeric target
        await type_into(pilot, "#target", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tree.current is not None and tree.current.kind == "objective"

        await pilot.press("a")
        assert isinstance(app.screen, ActionForm)
        await type_into(pilot, "#sentence", "I'll follow up with the sponsors soon")
        await pilot.press("enter")
        verdict = str(app.screen.query_one("#verdict", Static).render())
        assert "What does that mean?" in verdict and "follow up" in verdict
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)  # refused: nothing saved
        assert app.repo.all(Action) == []

        await type_into(pilot, "#sentence", "By Friday I'll get Dana at Northwind to book the Q4 QBR date")
        await pilot.press("enter")
        assert app.screen.query_one("#owner", Input).value == "me"
        assert app.screen.query_one("#target", Input).value == "Dana at Northwind"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ActionForm)
        await pilot.press("ctrl+q")
    app.repo.close()

    with reopen(db_path) as repo:
        [goal] = repo.all(Goal)
        [objective] = repo.all(Objective)
        [action] = repo.all(Action)
    assert goal.title == "Be a trusted advisor to [five] sponsors" and goal.category == "relationship"
    assert objective.goal_id == goal.id and objective.target == 5
    assert objective.due == dt.date(2027, 12, 31)  # five weeks left of 2026: a new plan is for the next year
    assert action.objective_id == objective.id and action.due == dt.date(2026, 11, 27)
    assert action.captured_from.startswith("By Friday I'll get Dana")


async def test_outcome_field_is_judged_too(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first paint places the cursor and the focus
        qbrs = find(app.repo, Objective, title="Quarterly business reviews with executive sponsors")
        app.query_one(PlanTree).reveal(Ref("objective", qbrs.id))
        await pilot.pause()
        await pilot.press("a")
        await type_into(pilot, "#target", "Dana at Northwind")
        await type_into(pilot, "#outcome", "touch base")
        app.screen.query_one("#due Input", Input).value = "Friday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        assert "activity" in str(app.screen.query_one("#outcome-error", Static).render())


async def test_space_marks_done_and_undo_brings_it_back(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first paint places the cursor and the focus
        tree = app.query_one(PlanTree)
        qbr = find(app.repo, Action, outcome="hold the Q4 business review and agree next year's priorities").id
        assert tree.reveal(Ref("action", qbr))
        await pilot.pause()
        await pilot.press("space")
        assert app.repo.get(Action, qbr).status == ActionStatus.DONE
        await pilot.press("x")
        assert app.repo.get(Action, qbr).archived
        await pilot.press("ctrl+z", "ctrl+z")
        assert app.repo.get(Action, qbr).status == ActionStatus.OPEN and not app.repo.get(Action, qbr).archived
    app.repo.close()
    with reopen(demo_path) as repo:
        assert repo.get(Action, qbr).status == ActionStatus.OPEN


async def test_health_finding_jumps_to_the_item(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first paint places the cursor and the focus
        await pilot.press("h")
        health = app.query_one("#health-list", OptionList)
        assert health.has_focus
        await pilot.press("enter")
        await pilot.pause()
        first = app.query_one("#plan-pane")._health[0]
        tree = app.query_one(PlanTree)
        assert tree.has_focus and tree.current == Ref(first.kind, first.ref)


async def test_filter_by_owner_shows_only_their_actions(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first paint places the cursor and the focus
        await pilot.press("slash")
        await type_into(pilot, "#plan-filter", "owner:marcus")
        await pilot.press("enter")
        tree = app.query_one(PlanTree)
        shown = [n.data for n in tree._node_of.values() if n.data and n.data.kind == "action"]
        marcus_poc = find(app.repo, Action, outcome="finish the proof of concept and capture their top three gaps")
        assert shown == [Ref("action", marcus_poc.id)]
        app.query_one("#plan-filter", Input).focus()
        await pilot.press("escape")
        assert tree.query_filter.empty


async def test_move_action_under_another_objective(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the first paint places the cursor and the focus
        portal = find(app.repo, Action, outcome="touch base about the portal").id
        renewal_rate = find(app.repo, Objective, title="Renewal rate").id
        app.query_one(PlanTree).reveal(Ref("action", portal))
        await pilot.pause()
        await pilot.press("m")
        await type_into(pilot, "#pick-filter", "Renewal rate")
        await pilot.press("enter")
        await pilot.pause()
        assert app.repo.get(Action, portal).objective_id == renewal_rate


async def test_marking_done_redraws_the_line_in_place_and_the_health_panel_only_when_findings_change(
        demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        health = app.query_one("#health-list", OptionList)
        fills: list[int] = []
        original = health.set_options
        health.set_options = lambda options: (fills.append(len(options)), original(options))[1]  # type: ignore[method-assign]
        rebuilds: list[int] = []
        tree_rebuild = tree.rebuild
        tree.rebuild = lambda *a: (rebuilds.append(1), tree_rebuild(*a))[1]  # type: ignore[method-assign]
        open_under = {o.id: [a for a in app.repo.actions_by("objective_id").get(o.id, []) if a.is_open]
                      for o in app.repo.all(Objective)}
        quiet = next(a for steps in open_under.values() if len(steps) >= 2 for a in steps
                     if a.due >= TODAY and not a.slips and a.deal_id is None)
        late = find(app.repo, Action, outcome="make more calls")  # overdue and tied to nothing: two findings
        for action, findings_change in ((quiet, False), (late, True)):
            assert tree.reveal(Ref("action", action.id))
            await pilot.pause()
            before = (len(fills), app.findings_version)
            await pilot.press("space")
            await pilot.pause()
            await pilot.pause()
            assert app.repo.get(Action, action.id).status == ActionStatus.DONE
            assert "☑" in str(tree.cursor_node.label)  # the line shows it at once
            assert (len(fills) > before[0], app.findings_version > before[1]) == (findings_change, findings_change)
        assert rebuilds == []  # two actions marked done; the outline was never rebuilt


async def test_editing_only_the_date_reschedules_without_rejudging_the_old_words(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        action = find(app.repo, Action, outcome="get the redlined MSA back")
        assert app.query_one(PlanTree).reveal(Ref("action", action.id))
        await pilot.pause()
        await pilot.press("e")
        assert isinstance(app.screen, ActionForm)
        app.screen.query_one("#due Input", Input).value = "in 10 days"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ActionForm)  # saved: the words were not touched
        moved = app.repo.get(Action, action.id)
        assert moved.due == TODAY + dt.timedelta(days=10) and moved.outcome == action.outcome
        assert [s.new for s in moved.slips][-1] == moved.due and len(moved.slips) == len(action.slips) + 1

        await pilot.press("e")
        await type_into(pilot, "#outcome", "touch base")  # words the user changed are judged, and refused
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        assert "activity" in str(app.screen.query_one("#outcome-error", Static).render())


async def test_a_form_opens_with_the_keyboard_in_its_first_box(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")  # the cursor is on a category: a new goal
        assert isinstance(app.screen, GoalForm)
        await pilot.press(*"Win")
        assert app.screen.query_one("#title", Input).value == "Win"  # nothing typed is lost


async def test_archiving_keeps_the_cursor_in_place_and_a_filtered_goal_counts_its_objectives(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = app.query_one(PlanTree)
        action = find(app.repo, Action, outcome="touch base about the portal")
        assert tree.reveal(Ref("action", action.id))
        await pilot.pause()
        line = tree.cursor_line
        await pilot.press("x")
        await pilot.pause()
        await pilot.pause()
        assert app.repo.get(Action, action.id).archived
        assert tree.cursor_line == line and tree.current is not None and tree.current.kind == "action"

        await pilot.press("slash")
        await type_into(pilot, "#plan-filter", "owner:marcus")
        await pilot.press("enter")
        await pilot.pause()
        goals = [n for n in tree._node_of.values() if n.data and n.data.kind == "goal"]
        assert goals and all("no objective" not in str(n.label) for n in goals)


async def test_a_refusal_goes_away_once_the_sentence_is_a_plan(demo_path: Path, opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.query_one(PlanTree).reveal(Ref("objective", find(app.repo, Objective, title="Renewal rate").id))
        await pilot.pause()
        await pilot.press("a")
        await type_into(pilot, "#sentence", "I'll touch base with them soon")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not yet a plan" in str(app.screen.query_one("#sentence-error", Static).render())
        await type_into(pilot, "#sentence", "By Friday I'll get Dana at Northwind to book the Q4 QBR date")
        await pilot.press("enter")
        await pilot.pause()
        assert "That is a plan" in str(app.screen.query_one("#verdict", Static).render())
        assert str(app.screen.query_one("#sentence-error", Static).render()).strip() == ""


async def test_health_lists_each_rule_with_its_count_and_shows_the_rest_on_demand(demo_path: Path,
        opened: OpenedApps) -> None:
    app = opened.app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        health = app.query_one("#health-list", OptionList)
        overdue = [f for f in app.findings if f.rule == "overdue_action"]
        assert len(overdue) > 5  # the demo has more than the first few
        headers = [str(health.get_option_at_index(i).prompt) for i in range(health.option_count)
                   if health.get_option_at_index(i).disabled]
        assert f"Overdue action  {len(overdue)}" in headers
        more = next(i for i in range(health.option_count) if health.get_option_at_index(i).id == "more:overdue_action")
        before = health.option_count
        await pilot.press("h")
        health.highlighted = more
        await pilot.press("enter")
        await pilot.pause()
        assert health.option_count == before + len(overdue) - 5 - 1  # every one listed, the "more" line gone
