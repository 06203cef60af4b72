"""Tests deleting, merging and tying deals, and objectives measured from the pipeline (issue 23, items 1 and 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.records import Action, Deal, Kind, Measure, Objective, Review, ReviewItem, ReviewKind
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.pipeline.forecast import bookings_target
from salesplan_tui.core.plan import goal_ops
from salesplan_tui.core.plan.measured import convert, figure, rate_table, unit_currency
from salesplan_tui.core.review.session import ReviewSession, start_review
from salesplan_tui.core.review.since_last import since_last
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CLOCK = Clock.on(TODAY)
BOOKINGS = 3  # the demo's "New bookings" objective: $780,000 of $1,200,000, typed


def measured(repo: Repository, how: Measure = Measure.WON_VALUE, objective_id: int = BOOKINGS) -> Objective:
    repo.apply(goal_ops.edit(repo, repo.get(Objective, objective_id), at=CLOCK.now(), measured_by=how))
    return repo.get(Objective, objective_id)


def test_a_won_deal_moves_the_objective_it_serves_and_the_forecast(demo_repo: Repository) -> None:
    repo = demo_repo
    repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 13), BOOKINGS))  # won already: $160,000
    objective = measured(repo)
    assert objective.current == 160000  # counted from its deals as soon as it is measured so
    before = bookings_target(repo, TODAY)
    repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 1), BOOKINGS))
    assert repo.get(Objective, BOOKINGS).current == 160000  # open: not counted yet
    change = deal_ops.close(repo, CLOCK, repo.get(Deal, 1), won=True)
    assert any(isinstance(r, Objective) for r in change.records)  # the same write, the same undo step
    repo.apply(change)
    objective = repo.get(Objective, BOOKINGS)
    assert objective.current == 400000
    assert objective.current_history[-1].old == 160000 and objective.current_history[-1].new == 400000
    after = bookings_target(repo, TODAY)
    assert before is not None and after is not None and after.remaining == before.remaining - 240000
    repo.undo()
    assert repo.get(Objective, BOOKINGS).current == 160000
    assert repo.get(Deal, 1).stage == "Negotiation"


def test_a_manual_figure_stays_possible_and_a_measured_one_cannot_be_typed(demo_repo: Repository) -> None:
    repo = demo_repo
    repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 1), BOOKINGS))
    repo.apply(deal_ops.close(repo, CLOCK, repo.get(Deal, 1), won=True))
    assert repo.get(Objective, BOOKINGS).current == 780000  # manual: the seller's own figure is kept
    objective = measured(repo)
    with pytest.raises(ValidationFailed, match="counted from the objective's deals"):
        goal_ops.edit(repo, objective, current=5)
    repo.apply(goal_ops.edit(repo, objective, measured_by=Measure.MANUAL, current=5))
    assert repo.get(Objective, BOOKINGS).current == 5


def test_won_count_and_pipeline_created(demo_repo: Repository) -> None:
    repo = demo_repo
    for deal_id in (1, 2, 12):
        repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, deal_id), 5))
    assert measured(repo, Measure.WON_COUNT, 5).current == 1
    assert measured(repo, Measure.PIPELINE_CREATED, 5).current == 240000 + 45000 + 70000
    repo.apply(deal_ops.close(repo, CLOCK, repo.get(Deal, 2), won=False, reason="no budget"))
    assert repo.get(Objective, 5).current == 240000 + 70000  # a lost deal is no pipeline


def test_won_value_needs_a_money_unit(demo_repo: Repository) -> None:
    with pytest.raises(ValidationFailed, match="counted in money"):
        goal_ops.edit(demo_repo, demo_repo.get(Objective, 1), measured_by=Measure.WON_VALUE)


def test_a_deal_in_another_currency_is_converted_at_the_rates_or_left_out_and_named(demo_repo: Repository) -> None:
    repo = demo_repo
    repo.apply(deal_ops.edit_deal(repo, CLOCK, repo.get(Deal, 13), expected_close=repo.get(Deal, 13).expected_close,
                                  currency="EUR", value=100000))
    repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 12), BOOKINGS))
    measured(repo)
    change = deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 13), BOOKINGS)
    assert "New bookings: EUR not converted: no rate set" in change.warning
    repo.apply(change)
    assert repo.get(Objective, BOOKINGS).current == 70000  # the euro deal is left out, and said to be
    repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 1), BOOKINGS, rates=rate_table({"EUR": 1.08})))
    assert repo.get(Objective, BOOKINGS).current == 70000 + 108000


def test_units_and_rates() -> None:
    assert unit_currency("$") == "USD" and unit_currency("eur") == "EUR" and unit_currency("meetings") is None
    rates = rate_table({"EUR": 1.08, "GBP": 1.27, "XXX": -1})
    assert rates == {"EUR": 1.08, "GBP": 1.27, "USD": 1.0}
    assert convert(100, "EUR", "USD", rates) == pytest.approx(108)
    assert convert(108, "USD", "EUR", rates) == pytest.approx(100)
    assert convert(100, "EUR", "USD", rate_table({})) is None
    assert convert(100, "CHF", "EUR", rates) is None  # no rate: never taken as the base
    assert convert(100, "GBP", "EUR", rates) == pytest.approx(100 * 1.27 / 1.08)
    assert convert(100, "USD", "EUR", rate_table({"USD": 0.92}, "EUR")) == pytest.approx(92)


def test_figure_leaves_out_archived_and_other_objectives_deals(demo_repo: Repository) -> None:
    objective = demo_repo.get(Objective, BOOKINGS).model_copy(update={"measured_by": Measure.WON_VALUE})
    deals = [d.model_copy(update={"objective_id": BOOKINGS}) for d in demo_repo.all(Deal)]
    deals[12] = deals[12].model_copy(update={"archived": True})  # deal 13 deleted
    deals[11] = deals[11].model_copy(update={"objective_id": 1})  # deal 12 serves another
    assert figure(objective, deals, demo_repo.process).value == 0


def test_winning_a_deal_shows_in_the_next_one_on_ones_since_last_time(demo_repo: Repository) -> None:
    repo = demo_repo
    repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 1), BOOKINGS))
    measured(repo)
    start = Clock.on(TODAY)
    items = [ReviewItem(kind=Kind.OBJECTIVE, ref_id=BOOKINGS, title="Bookings", reason="due")]
    review = start_review(repo, start, ReviewKind.ONE_ON_ONE, items, manager="Jill").first(Review)
    repo.apply(start_review(repo, start, ReviewKind.ONE_ON_ONE, items, manager="Jill"))
    repo.apply(ReviewSession(repo, review.id, Clock(start.now() + dt.timedelta(hours=1))).finish())
    later = Clock.on(TODAY + dt.timedelta(days=3))
    repo.apply(deal_ops.close(repo, later, repo.get(Deal, 1), won=True))
    found = since_last(repo, "Jill", later.now() + dt.timedelta(hours=1))
    assert found is not None
    progress = next(p for p in found.objectives if p.objective_id == BOOKINGS)
    assert (progress.then, progress.now) == (0, 240000)


def test_delete_archives_the_deal_and_its_open_steps_and_undo_brings_them_back(demo_repo: Repository,
                                                                           tmp_path: Path) -> None:
    repo = demo_repo
    deal = repo.get(Deal, 3)
    steps = [a.id for a in repo.actions_by("deal_id")[3] if a.is_open]
    assert steps
    repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, 13), BOOKINGS))
    measured(repo)
    change = deal_ops.delete_deal(repo, deal)
    assert "3 open steps" in change.message
    repo.apply(change)
    assert deal.id not in [d.id for d in repo.all(Deal)]
    assert all(repo.get(Action, i).archived for i in steps)
    assert not [a for a in repo.actions_by("deal_id").get(3, []) if a.is_open]  # its done steps stay its record
    repo.apply(deal_ops.delete_deal(repo, repo.get(Deal, 13), clock=CLOCK))
    assert repo.get(Objective, BOOKINGS).current == 0
    path = repo.path
    repo.close()
    with Repository(path) as again:  # what is written is what was said
        assert again.get(Deal, 3).archived and again.get(Objective, BOOKINGS).current == 0
        with pytest.raises(ValidationFailed, match="already deleted"):
            deal_ops.delete_deal(again, again.get(Deal, 3))


def test_undo_of_a_delete(demo_repo: Repository) -> None:
    repo = demo_repo
    steps = [a.id for a in repo.actions_by("deal_id")[3] if a.is_open]
    repo.apply(deal_ops.delete_deal(repo, repo.get(Deal, 3)))
    repo.undo()
    assert not repo.get(Deal, 3).archived
    assert [a.id for a in repo.actions_by("deal_id")[3] if a.is_open] == steps


def test_merge_moves_steps_contacts_notes_history_and_the_crm_id(demo_repo: Repository) -> None:
    repo = demo_repo
    keep, other = repo.get(Deal, 2), repo.get(Deal, 10)
    repo.apply(deal_ops.edit_deal(repo, CLOCK, other, expected_close=other.expected_close, notes="ask about SSO",
                                  crm="hubspot", crm_id="HS-77"))
    other = repo.get(Deal, 10)
    keep_steps = {a.id for a in repo.actions_by("deal_id")[2]}
    other_steps = {a.id for a in repo.actions_by("deal_id")[10]}
    change = deal_ops.merge_deals(repo, CLOCK, keep, other)
    repo.apply(change)
    merged = repo.get(Deal, 2)
    assert {a.id for a in repo.actions_by("deal_id")[2]} == keep_steps | other_steps
    assert 10 not in repo.actions_by("deal_id")
    assert set(merged.contact_ids) == {1, 2, 8}
    assert merged.notes == "ask about SSO"
    assert (merged.crm, merged.crm_id) == ("hubspot", "HS-77")
    assert merged.created_at == min(keep.created_at, other.created_at)
    assert merged.stage == keep.stage and merged.stage_history[-1].stage == keep.stage
    gone = repo.get(Deal, 10)
    assert gone.archived and gone.crm_id == ""
    repo.undo()  # one step puts both back, with their steps
    assert not repo.get(Deal, 10).archived and repo.get(Deal, 10).crm_id == "HS-77"
    assert {a.id for a in repo.actions_by("deal_id")[10]} == other_steps
    assert repo.get(Deal, 2) == keep


def test_merge_refuses_one_deal_or_a_deleted_one(demo_repo: Repository) -> None:
    repo = demo_repo
    with pytest.raises(ValidationFailed, match="two different"):
        deal_ops.merge_deals(repo, CLOCK, repo.get(Deal, 2), repo.get(Deal, 2))
    repo.apply(deal_ops.delete_deal(repo, repo.get(Deal, 10)))
    with pytest.raises(ValidationFailed, match="deleted"):
        deal_ops.merge_deals(repo, CLOCK, repo.get(Deal, 2), repo.get(Deal, 10))


def test_tie_refuses_an_objective_that_is_not_there(demo_repo: Repository) -> None:
    with pytest.raises(ValidationFailed, match="no objective 99"):
        deal_ops.tie_to_objective(demo_repo, CLOCK, demo_repo.get(Deal, 1), 99)
    demo_repo.apply(deal_ops.tie_to_objective(demo_repo, CLOCK, demo_repo.get(Deal, 1), 3))
    change = deal_ops.tie_to_objective(demo_repo, CLOCK, demo_repo.get(Deal, 1), None)
    assert change.first(Deal).objective_id is None
