"""Tests the core operations directly: each returns one Change, the repository saves it as one unit and undoes it in one step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.coach import judge
from salesplan_tui.core.model.change import Change, Changed
from salesplan_tui.core.model.records import (
    Action,
    ActionStatus,
    Category,
    Contact,
    Deal,
    Goal,
    Kind,
    Objective,
    SalesProcess,
)
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.pipeline.moves import ranked
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.storage import Repository

from .workspace import CLOCK, applied, day, open_workspace


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    with open_workspace(tmp_path) as opened:
        yield opened


def reopened(repo: Repository) -> Repository:
    return Repository(repo.path, read_only=True)


# ----- actions ------------------------------------------------------------------------------------


def test_complete_then_reopen_and_a_dropped_action_stays_dropped(repo: Repository) -> None:
    action = repo.get(Action, 1)
    change = action_ops.toggle_done(action, CLOCK)
    assert change.label == "mark action done" and change.message == action_ops.DONE_MESSAGE
    done = applied(repo, change)
    assert done.status == ActionStatus.DONE and done.completed_at == CLOCK.now()
    again = applied(repo, action_ops.toggle_done(done, CLOCK))
    assert again.status == ActionStatus.OPEN and again.completed_at is None
    dropped = applied(repo, action_ops.drop(again, "  Ana left Contoso  "))
    assert dropped.status == ActionStatus.DROPPED and dropped.drop_reason == "Ana left Contoso"
    with pytest.raises(ValidationFailed) as refused:
        action_ops.toggle_done(dropped, CLOCK)
    assert "stays dropped" in refused.value.errors["status"]


def test_drop_needs_a_reason_and_nothing_is_written(repo: Repository) -> None:
    before = repo.path.read_bytes()
    with pytest.raises(ValidationFailed) as refused:
        action_ops.drop(repo.get(Action, 1), "   ")
    assert refused.value.errors == {"drop_reason": "say why the action is dropped"}
    assert repo.path.read_bytes() == before


def test_reschedule_records_the_slip_and_refuses_today_or_earlier(repo: Repository) -> None:
    action = repo.get(Action, 1)
    moved = applied(repo, action_ops.reschedule(action, day(3), CLOCK, reason="Ana is travelling"))
    assert moved.due == day(3)
    assert [(s.old, s.new, s.reason, s.at) for s in moved.slips] == [(day(-2), day(3), "Ana is travelling", CLOCK.now())]
    for bad in (CLOCK.today(), day(-1)):
        with pytest.raises(ValidationFailed) as refused:
            action_ops.reschedule(moved, bad, CLOCK)
        assert "after today" in refused.value.errors["due"]


def test_editing_a_date_earlier_is_no_slip_and_later_is_one(repo: Repository) -> None:
    action = repo.get(Action, 1)
    earlier = applied(repo, action_ops.edit_action(repo, CLOCK, action, due=day(-5)))
    assert earlier.slips == []
    later = applied(repo, action_ops.edit_action(repo, CLOCK, earlier, due=day(4), said="By Friday I'll get it back"))
    assert [s.new for s in later.slips] == [day(4)] and later.captured_from == "By Friday I'll get it back"


def test_add_action_takes_the_next_id_and_refuses_a_missing_deal(repo: Repository) -> None:
    added = applied(repo, action_ops.add_action(repo, CLOCK, owner="me", target="Ana Silva", outcome="get the PO",
                                                due=day(5), deal_id=1, said=" By Monday I'll get the PO "))
    assert added.id == 2 and added.captured_from == "By Monday I'll get the PO" and added.created_at == CLOCK.now()
    with pytest.raises(ValidationFailed) as refused:
        action_ops.add_action(repo, CLOCK, owner="me", target="x", outcome="y", due=day(5), deal_id=99)
    assert set(refused.value.errors) == {"deal_id"}


def test_capture_refuses_a_vague_answer_with_the_coachs_question(repo: Repository) -> None:
    vague = judge("I'll touch base with them soon", today=CLOCK.today())
    with pytest.raises(ValidationFailed) as refused:
        action_ops.capture(repo, CLOCK, vague, "I'll touch base with them soon")
    assert refused.value.errors["sentence"] == vague.question
    plan = judge("By Friday I'll get Ana Silva at Contoso to return the signed MSA", today=CLOCK.today())
    captured = applied(repo, action_ops.capture(repo, CLOCK, plan, "By Friday …", deal_id=1))
    assert captured.target == plan.target and captured.deal_id == 1


# ----- goals, objectives, archive, move -------------------------------------------------------------


def test_objective_due_outside_its_goal_is_refused_on_due(repo: Repository) -> None:
    with pytest.raises(ValidationFailed) as refused:
        plan_ops.add(repo, Objective, goal_id=1, title="t", metric="m", target=3, due="2027-02-01")
    assert set(refused.value.errors) == {"due"} and "inside the goal's period" in refused.value.errors["due"]


def test_a_record_level_rule_names_its_field(repo: Repository) -> None:
    with pytest.raises(ValidationFailed) as refused:
        plan_ops.add(repo, Goal, title="x", category="revenue", period_start="2026-12-01", period_end="2026-01-01")
    assert refused.value.errors == {"period_end": "the period must end on or after its start"}


def test_archive_and_restore_are_one_toggle_each_undone_in_one_step(repo: Repository) -> None:
    archived = applied(repo, plan_ops.toggle_archived(repo.get(Goal, 1)))
    assert archived.archived and repo.all(Goal) == []
    label, changed = repo.undo()
    assert label == "archive goal" and changed.ids == {Kind.GOAL: frozenset({1})}
    assert not repo.get(Goal, 1).archived


def test_move_an_action_to_no_objective_and_a_goal_to_another_category(repo: Repository) -> None:
    moved = applied(repo, plan_ops.move(repo, repo.get(Action, 1), to=None))
    assert moved.objective_id is None
    tied = applied(repo, plan_ops.move(repo, moved, to=1))
    assert tied.objective_id == 1
    goal = applied(repo, plan_ops.move(repo, repo.get(Goal, 1), to="success"))
    assert goal.category == Category.SUCCESS
    with pytest.raises(ValidationFailed):
        plan_ops.move(repo, tied, to=42)


# ----- deals and the process ------------------------------------------------------------------------


def test_move_stage_appends_history_and_warns_about_next_steps(repo: Repository) -> None:
    deal = repo.get(Deal, 1)
    target = deal_ops.step_stage(repo, deal, 1)
    change = deal_ops.move_stage(repo, CLOCK, deal, target)
    assert "two next steps" in change.warning  # one open step is not the next two
    moved = applied(repo, change)
    assert moved.stage == target.name and moved.stage_history[-1].at == CLOCK.now()
    assert len(moved.stage_history) == len(deal.stage_history) + 1


def test_a_lost_deal_needs_a_reason_and_the_process_has_ends(repo: Repository) -> None:
    deal = repo.get(Deal, 1)
    lost = repo.process.stages[-1]
    with pytest.raises(ValidationFailed) as refused:
        deal_ops.move_stage(repo, CLOCK, deal, lost)
    assert set(refused.value.errors) == {"lost_reason"}
    first = applied(repo, deal_ops.move_stage(repo, CLOCK, deal, repo.process.stages[0]))
    with pytest.raises(ValidationFailed):
        deal_ops.step_stage(repo, first, -1)


def test_add_deal_with_a_new_contact_is_one_write_and_one_undo(repo: Repository) -> None:
    change = deal_ops.add_deal(repo, CLOCK, stage="Discovery", new_contact=("Lena [/b] Fischer", " procurement "),
                               account_id=1, title="Contoso: expansion", value=90000, expected_close=day(60))
    deal, contact = change.records
    repo.apply(change)
    assert deal.contact_ids == [contact.id] and deal.rank == 1 and contact.role == "procurement"
    with reopened(repo) as kept:
        assert kept.get(Contact, contact.id).name == "Lena [/b] Fischer" and kept.get(Deal, deal.id) is not None
    _label, changed = repo.undo()
    assert changed.of_kind(Kind.DEAL) == {deal.id} and changed.of_kind(Kind.CONTACT) == {contact.id}
    assert repo.get(Deal, deal.id) is None and repo.get(Contact, contact.id) is None


def test_edit_deal_records_a_later_close_as_a_slip_with_its_reason(repo: Repository) -> None:
    deal = repo.get(Deal, 1)
    slipped = applied(repo, deal_ops.edit_deal(repo, CLOCK, deal, expected_close=day(90), slip_reason="budget"))
    assert [(s.new, s.reason) for s in slipped.close_slips] == [(day(90), "budget")]
    sooner = applied(repo, deal_ops.edit_deal(repo, CLOCK, slipped, expected_close=day(10)))
    assert len(sooner.close_slips) == 1


def test_reorder_swaps_two_cards_and_refuses_past_the_end(tmp_path: Path) -> None:
    second = {"id": 2, "account_id": 1, "title": "Contoso: second", "value": 1, "stage": "Discovery",
              "expected_close": day(30).isoformat(), "rank": 0}
    with open_workspace(tmp_path, deals=[second]) as repo:
        assert [d.id for d in ranked(repo.all(Deal))] == [1, 2]  # equal ranks: the older card first
        repo.apply(deal_ops.reorder(repo, repo.get(Deal, 2), -1))
        assert [d.id for d in ranked(repo.all(Deal))] == [2, 1]
        with pytest.raises(ValidationFailed):
            deal_ops.reorder(repo, repo.get(Deal, 2), -1)


def test_renaming_a_stage_moves_its_deals_in_the_same_write(repo: Repository) -> None:
    stages = [s.model_copy(update={"name": "Qualify"}) if s.name == "Discovery" else s for s in repo.process.stages]
    change = deal_ops.set_stages(repo, stages, renamed=("Discovery", "Qualify"))
    assert {type(r) for r in change.records} == {SalesProcess, Deal}
    repo.apply(change)
    with reopened(repo) as kept:
        assert kept.get(Deal, 1).stage == "Qualify" and kept.process.stage("Discovery") is None


def test_removing_a_stage_that_holds_deals_is_refused(repo: Repository) -> None:
    with pytest.raises(ValidationFailed) as refused:
        deal_ops.set_stages(repo, [s for s in repo.process.stages if s.name != "Discovery"])
    assert "Discovery" in refused.value.errors["stages"]


# ----- the apply path ----------------------------------------------------------------------------


def test_apply_refuses_a_dangling_link_and_writes_nothing(repo: Repository) -> None:
    before = repo.path.read_bytes()
    orphan = Objective(id=repo.next_id(Objective), goal_id=9, title="t", metric="m", target=1, due=dt.date(2026, 12, 1))
    with pytest.raises(ValidationFailed) as refused:
        repo.apply(Change("add objective", (orphan,)))
    assert set(refused.value.errors) == {"goal_id"}
    assert repo.path.read_bytes() == before and not repo.can_undo


def test_a_failed_write_keeps_memory_and_file_as_they_were(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    from salesplan_tui.core.storage import StorageError, atomic

    def full_disk(path: Path, payload: bytes) -> None:
        raise OSError(28, "No space left on device")

    before = repo.path.read_bytes()
    action = repo.get(Action, 1)
    monkeypatch.setattr(atomic, "atomic_write", full_disk)
    with pytest.raises(StorageError, match="No space left"):
        repo.apply(action_ops.complete(action, CLOCK))
    monkeypatch.undo()
    assert repo.get(Action, 1) == action and repo.path.read_bytes() == before and not repo.can_undo
    applied(repo, action_ops.complete(action, CLOCK))  # the next write after the failure is whole
    with reopened(repo) as kept:
        assert kept.get(Action, 1).status == ActionStatus.DONE and kept.get(Goal, 1) is not None


def test_changed_says_which_kinds_and_ids_a_change_touched() -> None:
    changed = Changed.of([Action(id=3, owner="me", target="a", outcome="b", due=dt.date(2026, 12, 1))])
    assert changed.touches(Kind.ACTION) and not changed.touches(Kind.DEAL)
    assert changed.of_kind(Kind.ACTION) == {3} and Changed.all().touches(Kind.REVIEW)


def test_won_and_lost_straight_from_any_stage_take_one_step_and_close_today(repo: Repository) -> None:
    deal = repo.get(Deal, 1)
    won = applied(repo, deal_ops.close(repo, CLOCK, deal, won=True))
    assert won.stage == "Closed Won" and won.expected_close == CLOCK.today() and won.close_slips == []
    assert [h.stage for h in won.stage_history][-2:] == ["Discovery", "Closed Won"]
    repo.undo()
    with pytest.raises(ValidationFailed) as refused:
        deal_ops.close(repo, CLOCK, deal, won=False)
    assert set(refused.value.errors) == {"lost_reason"}
    lost = applied(repo, deal_ops.close(repo, CLOCK, deal, won=False, reason="chose the incumbent", on=day(-3)))
    assert lost.stage == "Closed Lost" and lost.lost_reason == "chose the incumbent" and lost.expected_close == day(-3)
    assert len(lost.stage_history) == len(deal.stage_history) + 1
    with pytest.raises(ValidationFailed):
        deal_ops.close(repo, CLOCK, lost, won=False, reason="again")  # already there


def test_a_deal_with_a_new_account_and_contact_is_one_write(repo: Repository) -> None:
    change = deal_ops.add_deal(repo, CLOCK, stage="Prospect", new_account=" Tailspin Toys ",
                               new_contact=("Mo Chen", "buyer"), title="Tailspin: pilot", value=1000,
                               expected_close=day(40))
    deal, account, contact = change.records
    repo.apply(change)
    assert deal.account_id == account.id == contact.account_id and account.name == "Tailspin Toys"
    assert deal.contact_ids == [contact.id]
    again = deal_ops.add_deal(repo, CLOCK, stage="Prospect", new_account="tailspin toys", title="Second",
                              value=1, expected_close=day(40))
    assert again.records[0].account_id == account.id and len(again.records) == 1  # found by name, not copied


def test_a_deals_value_and_an_objectives_figure_keep_every_change_for_since_last_time(repo: Repository) -> None:
    from salesplan_tui.core.model.records import value_at

    deal = applied(repo, deal_ops.edit_deal(repo, CLOCK, repo.get(Deal, 1), expected_close=day(30), value=80_000))
    assert [(c.old, c.new, c.at) for c in deal.value_history] == [(50_000, 80_000, CLOCK.now())]
    objective = applied(repo, plan_ops.edit(repo, repo.get(Objective, 1), at=CLOCK.now(), current=4))
    assert [(c.old, c.new) for c in objective.current_history] == [(0, 4)]
    before = CLOCK.now() - dt.timedelta(days=1)
    assert value_at(deal.value_history, deal.value, before) == 50_000 and value_at(deal.value_history, 80_000, CLOCK.now()) == 80_000
    same = applied(repo, plan_ops.edit(repo, objective, at=CLOCK.now(), title="Book meetings with sponsors"))
    assert len(same.current_history) == 1  # a change of something else adds nothing
