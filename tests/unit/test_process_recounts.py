"""Tests that a stage changing kind in the sales process (open → won, won → open) counts again the objectives measured
from its deals, in the same write and undo step as the process."""

from __future__ import annotations

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.model.records import Deal, Measure, Objective, SalesProcess, Stage, StageKind
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import goal_ops
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

CLOCK = Clock.on(TODAY)
BOOKINGS = 3  # the demo's "New bookings" objective
WON_ALREADY, NEGOTIATING = 13, 1  # the demo's deals: $160,000 Closed Won, $240,000 in Negotiation


def bookings_measured(repo: Repository) -> None:
    for deal in (WON_ALREADY, NEGOTIATING):
        repo.apply(deal_ops.tie_to_objective(repo, CLOCK, repo.get(Deal, deal), BOOKINGS))
    repo.apply(goal_ops.edit(repo, repo.get(Objective, BOOKINGS), at=CLOCK.now(), measured_by=Measure.WON_VALUE))
    assert repo.get(Objective, BOOKINGS).current == 160000


def with_kind(repo: Repository, name: str, kind: StageKind, new_name: str | None = None) -> list[Stage]:
    return [s.model_copy(update={"kind": kind, "name": new_name or name}) if s.name == name else s
            for s in repo.process.stages]


def test_a_stage_made_won_counts_its_deals_in_the_same_change_and_undo(demo_repo: Repository) -> None:
    repo = demo_repo
    bookings_measured(repo)
    change = deal_ops.set_stages(repo, with_kind(repo, "Negotiation", StageKind.WON), clock=CLOCK)
    assert {type(r) for r in change.records} == {SalesProcess, Objective}
    repo.apply(change)
    objective = repo.get(Objective, BOOKINGS)
    assert objective.current == 400000
    assert objective.current_history[-1].old == 160000 and objective.current_history[-1].new == 400000
    repo.undo()  # one step: the process and the figure go back together
    assert repo.get(Objective, BOOKINGS).current == 160000
    assert repo.process.stage("Negotiation").kind == StageKind.OPEN


def test_a_won_stage_made_open_and_renamed_no_longer_counts(demo_repo: Repository) -> None:
    repo = demo_repo
    bookings_measured(repo)
    stages = with_kind(repo, "Closed Won", StageKind.OPEN, new_name="Signed, not booked")
    repo.apply(deal_ops.set_stages(repo, stages, renamed=("Closed Won", "Signed, not booked"), clock=CLOCK))
    assert repo.get(Deal, WON_ALREADY).stage == "Signed, not booked"
    assert repo.get(Objective, BOOKINGS).current == 0


def test_reordering_stages_reads_no_objective(demo_repo: Repository) -> None:
    repo = demo_repo
    bookings_measured(repo)
    stages = list(repo.process.stages)
    stages[0], stages[1] = stages[1], stages[0]
    change = deal_ops.set_stages(repo, stages, clock=CLOCK)
    assert {type(r) for r in change.records} == {SalesProcess}
