"""Tests the pipeline's pure logic directly: neighbouring stages, stage and close-date changes, totals, renames."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.records import Deal, SalesProcess, Slip, Stage, StageChange, StageKind
from salesplan_tui.core.pipeline import moves as pipeline
from salesplan_tui.core.pipeline.moves import Totals
from tests.conftest import TODAY

T0 = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 11, 16, 14, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 11, 23, 10, 15, tzinfo=dt.UTC)
# A refused change: ValidationFailed (it was a ValueError before the storage refactor).
REFUSED = (ValidationFailed, ValueError)


def process() -> SalesProcess:
    return SalesProcess(id=1, stages=[
        Stage(name="Lead", probability=0.1, rot_days=21, exit_criteria=["A call is booked"]),
        Stage(name="Demo", probability=0.5, rot_days=7, playbook=["Run the demo"]),
        Stage(name="Won", probability=1.0, kind=StageKind.WON),
        Stage(name="Lost", probability=0.0, kind=StageKind.LOST),
    ])


def deal(id_: int = 1, stage: str = "Lead", **fields: Any) -> Deal:
    base: dict[str, Any] = {"account_id": 1, "title": f"Deal {id_}", "value": 1000, "expected_close": TODAY,
                            "created_at": T0, "stage_history": [StageChange(stage=stage, at=T0)]}
    return Deal(id=id_, stage=stage, **{**base, **fields})


def apply(d: Deal, changes: dict[str, Any]) -> Deal:
    return Deal.model_validate({**d.model_dump(), **changes})


# ----- neighbour_stage -----------------------------------------------------------------------------


@pytest.mark.parametrize(("stage", "step", "expected"), [
    ("Lead", 1, "Demo"),
    ("Lead", 2, "Won"),
    ("Demo", -1, "Lead"),
    ("Won", 1, "Lost"),
    ("Lead", -1, None),  # before the first stage
    ("Lost", 1, None),  # after the last stage
    ("Demo", 3, None),
])
def test_neighbour_stage(stage: str, step: int, expected: str | None) -> None:
    found = pipeline.neighbour_stage(process(), deal(stage=stage), step)
    assert (found.name if found else None) == expected


def test_neighbour_stage_returns_the_stage_itself() -> None:
    found = pipeline.neighbour_stage(process(), deal(stage="Lead"), 1)
    assert found == process().stages[1]
    assert found is not None and found.probability == 0.5 and found.playbook == ["Run the demo"]


# ----- stage_change --------------------------------------------------------------------------------


def test_stage_change_moves_the_deal_and_appends_to_its_history() -> None:
    d = deal(stage="Lead")
    changes = pipeline.stage_change(d, process().stages[1], at=NOW)
    assert changes["stage"] == "Demo"
    assert changes["lost_reason"] == ""
    history = changes["stage_history"]
    assert [h.stage for h in history] == ["Lead", "Demo"]
    assert history[0].at == T0
    assert history[-1] == StageChange(stage="Demo", at=NOW)
    assert d.stage_history == [StageChange(stage="Lead", at=T0)]  # the deal itself is untouched
    moved = apply(d, changes)
    assert moved.stage == "Demo" and moved.stage_since == NOW


@pytest.mark.parametrize("reason", ["", "   "])
def test_stage_change_to_lost_needs_a_reason(reason: str) -> None:
    with pytest.raises(REFUSED, match="lost_reason: say why the deal was lost"):
        pipeline.stage_change(deal(stage="Demo"), process().stages[3], at=NOW, reason=reason)


def test_stage_change_to_lost_keeps_the_reason_trimmed() -> None:
    changes = pipeline.stage_change(deal(stage="Demo"), process().stages[3], at=NOW,
                                     reason="  chose the incumbent  ")
    assert changes["stage"] == "Lost"
    assert changes["lost_reason"] == "chose the incumbent"
    assert [h.stage for h in changes["stage_history"]] == ["Demo", "Lost"]


def test_stage_change_out_of_lost_clears_the_reason() -> None:
    lost = deal(stage="Lost", lost_reason="price")
    changes = pipeline.stage_change(lost, process().stages[1], at=NOW, reason="ignored")
    assert changes["stage"] == "Demo"
    assert changes["lost_reason"] == ""


def test_stage_change_to_won_needs_no_reason() -> None:
    changes = pipeline.stage_change(deal(stage="Demo"), process().stages[2], at=NOW)
    assert (changes["stage"], changes["lost_reason"]) == ("Won", "")


def test_stage_change_keeps_the_whole_history() -> None:
    d = deal(stage="Demo", stage_history=[StageChange(stage="Lead", at=T0), StageChange(stage="Demo", at=T1)])
    history = pipeline.stage_change(d, process().stages[0], at=NOW)["stage_history"]
    assert [(h.stage, h.at) for h in history] == [("Lead", T0), ("Demo", T1), ("Lead", NOW)]


def test_stage_change_to_the_deals_own_stage_is_refused() -> None:
    with pytest.raises(REFUSED, match="stage: the deal is already at Demo"):
        pipeline.stage_change(deal(stage="Demo"), process().stages[1], at=NOW)


# ----- close_date_change ---------------------------------------------------------------------------


def test_pushing_the_close_date_later_records_a_slip() -> None:
    d = deal(expected_close=dt.date(2026, 12, 1))
    changes = pipeline.close_date_change(d, dt.date(2026, 12, 15), at=NOW, reason="budget freeze")
    assert changes["expected_close"] == dt.date(2026, 12, 15)
    [slip] = changes["close_slips"]
    assert slip == Slip(old=dt.date(2026, 12, 1), new=dt.date(2026, 12, 15), at=NOW, reason="budget freeze")
    assert apply(d, changes).close_slips == [slip]


def test_a_second_slip_is_appended_to_the_first() -> None:
    first = Slip(old=dt.date(2026, 11, 20), new=dt.date(2026, 12, 1), at=T0, reason="holiday")
    d = deal(expected_close=dt.date(2026, 12, 1), close_slips=[first])
    slips = pipeline.close_date_change(d, dt.date(2027, 1, 10), at=NOW)["close_slips"]
    assert slips == [first, Slip(old=dt.date(2026, 12, 1), new=dt.date(2027, 1, 10), at=NOW, reason="")]


@pytest.mark.parametrize("new", [dt.date(2026, 11, 25), dt.date(2026, 12, 1)])
def test_pulling_the_close_date_in_or_keeping_it_is_no_slip(new: dt.date) -> None:
    first = Slip(old=dt.date(2026, 11, 20), new=dt.date(2026, 12, 1), at=T0)
    d = deal(expected_close=dt.date(2026, 12, 1), close_slips=[first])
    changes = pipeline.close_date_change(d, new, at=NOW, reason="pulled in")
    assert changes == {"expected_close": new}
    assert apply(d, changes).close_slips == [first]


# ----- totals and open_deals -----------------------------------------------------------------------


def test_totals_weight_each_deal_by_its_stage_probability() -> None:
    deals = [deal(1, "Lead", value=100), deal(2, "Demo", value=200), deal(3, "Won", value=50),
             deal(4, "Lost", value=400)]
    t = pipeline.totals(deals, process())
    assert t.count == 4
    assert t.value == pytest.approx(750)
    assert t.weighted == pytest.approx(100 * 0.1 + 200 * 0.5 + 50 * 1.0 + 400 * 0.0)


def test_totals_give_a_deal_at_an_unknown_stage_no_weight() -> None:
    t = pipeline.totals([deal(1, "Demo", value=200), deal(2, "Nowhere", value=1000)], process())
    assert (t.count, t.value) == (2, pytest.approx(1200))
    assert t.weighted == pytest.approx(100)


def test_totals_of_nothing_are_zero() -> None:
    assert pipeline.totals([], process()) == Totals(0, 0.0, 0.0)


def test_open_deals_keeps_open_stages_in_order() -> None:
    deals = [deal(1, "Demo"), deal(2, "Won"), deal(3, "Lead"), deal(4, "Lost"), deal(5, "Nowhere"), deal(6, "Demo")]
    assert [d.id for d in pipeline.open_deals(deals, process())] == [1, 3, 6]


# ----- rename_stage --------------------------------------------------------------------------------


def test_rename_stage_renames_the_stage_and_keeps_its_settings() -> None:
    p = process()
    renamed, _ = pipeline.rename_stage(p, [], "Demo", "Evaluation")
    assert [s.name for s in renamed.stages] == ["Lead", "Evaluation", "Won", "Lost"]
    assert renamed.stages[1] == p.stages[1].model_copy(update={"name": "Evaluation"})
    assert renamed.id == p.id
    assert [s.name for s in p.stages] == ["Lead", "Demo", "Won", "Lost"]  # the original is untouched


def test_rename_stage_moves_deals_and_their_history() -> None:
    at_demo = deal(1, "Demo", stage_history=[StageChange(stage="Lead", at=T0), StageChange(stage="Demo", at=T1)])
    passed_demo = deal(2, "Won", stage_history=[StageChange(stage="Demo", at=T0), StageChange(stage="Won", at=T1)])
    elsewhere = deal(3, "Lead")
    archived = deal(4, "Demo", archived=True)
    _, moved = pipeline.rename_stage(process(), [at_demo, passed_demo, elsewhere, archived], "Demo", "Evaluation")
    assert [d.id for d in moved] == [1, 2, 4]
    by_id = {d.id: d for d in moved}
    assert by_id[1].stage == "Evaluation"
    assert [(h.stage, h.at) for h in by_id[1].stage_history] == [("Lead", T0), ("Evaluation", T1)]
    assert by_id[2].stage == "Won"
    assert [(h.stage, h.at) for h in by_id[2].stage_history] == [("Evaluation", T0), ("Won", T1)]
    assert by_id[4].stage == "Evaluation" and by_id[4].archived
    assert by_id[1].model_dump(exclude={"stage", "stage_history"}) == at_demo.model_dump(
        exclude={"stage", "stage_history"})


def test_rename_stage_refuses_a_name_already_taken() -> None:
    p = process()
    with pytest.raises(REFUSED, match="name: there is already a stage called 'Won'"):
        pipeline.rename_stage(p, [deal(1, "Demo")], "Demo", "Won")
    assert [s.name for s in p.stages] == ["Lead", "Demo", "Won", "Lost"]


def test_rename_stage_to_its_own_name_changes_nothing() -> None:
    p = process()
    d = deal(1, "Demo")
    renamed, moved = pipeline.rename_stage(p, [d], "Demo", "Demo")
    assert renamed == p
    assert moved == [d]


def test_rename_stage_can_change_only_the_case() -> None:
    renamed, moved = pipeline.rename_stage(process(), [deal(1, "Demo")], "Demo", "DEMO")
    assert [s.name for s in renamed.stages] == ["Lead", "DEMO", "Won", "Lost"]
    assert moved[0].stage == "DEMO"


def test_a_deal_at_an_unknown_stage_has_no_neighbour_and_a_rename_refuses_a_case_twin() -> None:
    from salesplan_tui.core.base.errors import ValidationFailed
    from salesplan_tui.core.model.process import default_process
    from salesplan_tui.core.pipeline.moves import neighbour_stage, rename_stage

    process = default_process()
    lost = Deal(id=1, account_id=1, title="t", value=1, stage="Nowhere", expected_close=dt.date(2026, 12, 1))
    assert neighbour_stage(process, lost, 1) is None and neighbour_stage(process, lost, -1) is None
    with pytest.raises(ValidationFailed) as refused:
        rename_stage(process, [], "Discovery", "prospect")
    assert refused.value.errors == {"name": "there is already a stage called 'prospect'"}
