"""Tests the plan rules directly: each rule's trigger and near-miss, deal flags, last activity and finding order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.exchange.workspace_json import FORMAT, from_document
from salesplan_tui.core.model.records import Action, Deal, Stage, StageChange, StageKind
from salesplan_tui.core.model.version import SCHEMA_VERSION
from salesplan_tui.core.plan import rules
from salesplan_tui.core.plan.rules import RULES, Finding
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

Doc = dict[str, Any]


# ----- builders ------------------------------------------------------------------------------------


def day(offset: int) -> str:
    """TODAY moved by offset days, as the ISO date an export holds."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def shown_day(offset: int) -> str:
    """TODAY moved by offset days, as a screen says it ('Sun 22 Nov')."""
    return day_label(TODAY + dt.timedelta(days=offset), TODAY)


def at(offset: int) -> dt.datetime:
    """09:00 UTC on TODAY moved by offset days."""
    return dt.datetime.combine(TODAY + dt.timedelta(days=offset), dt.time(9), tzinfo=dt.UTC)


def goal_row(id_: int, category: str, **fields: Any) -> Doc:
    return {"id": id_, "title": f"Goal {id_}", "category": category,
            "period_start": "2026-01-01", "period_end": "2026-12-31", **fields}


def objective_row(id_: int, goal_id: int, **fields: Any) -> Doc:
    return {"id": id_, "goal_id": goal_id, "title": f"Objective {id_}", "metric": "meetings",
            "baseline": 0, "current": 2, "target": 10, "due": day(38), **fields}


def action_row(id_: int, **fields: Any) -> Doc:
    return {"id": id_, "owner": "me", "target": "Ann Lee", "outcome": f"Outcome {id_}",
            "due": day(8), "created_at": at(-10).isoformat(), **fields}


def deal_row(id_: int, **fields: Any) -> Doc:
    return {"id": id_, "account_id": 1, "title": f"Deal {id_}", "value": 1000, "stage": "Discovery",
            "expected_close": day(38), "created_at": at(-30).isoformat(),
            "stage_history": [{"stage": "Discovery", "at": at(-3).isoformat()}], **fields}


def slip_row(old: int, new: int) -> Doc:
    return {"old": day(old), "new": day(new), "at": at(-5).isoformat(), "reason": "buyer on holiday"}


def healthy() -> Doc:
    """A plan no rule objects to: a goal per category, each with an objective that an open action moves,
    and one fresh Discovery deal (stage limit 14 days) with exactly two open next steps."""
    return {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "goals": [goal_row(1, "relationship"), goal_row(2, "revenue"), goal_row(3, "success")],
        "objectives": [objective_row(1, 1), objective_row(2, 2), objective_row(3, 3)],
        "accounts": [{"id": 1, "name": "Northwind"}],
        "deals": [deal_row(1)],
        "actions": [action_row(1, objective_id=1), action_row(2, objective_id=2), action_row(3, objective_id=3),
                    action_row(4, deal_id=1), action_row(5, deal_id=1, due=day(9))],
    }


def edit(doc: Doc, table: str, id_: int, **changes: Any) -> Doc:
    next(r for r in doc[table] if r["id"] == id_).update(changes)
    return doc


def add(doc: Doc, table: str, *rows: Doc) -> Doc:
    doc[table].extend(rows)
    return doc


def pairs(findings: list[Finding]) -> list[tuple[str, int | str]]:
    return [(f.rule, f.ref) for f in findings]


@pytest.fixture
def open_view(tmp_path: Path) -> Iterator[Callable[[Doc], Repository]]:
    """Loads an export document into a fresh workspace file (closed after the test)."""
    repos: list[Repository] = []

    def _open(doc: Doc) -> Repository:
        repo = Repository(tmp_path / f"w{len(repos)}.json")
        repos.append(repo)
        repo.replace_all(from_document(doc))
        return repo

    yield _open
    for repo in repos:
        repo.close()


@pytest.fixture
def check(open_view: Callable[[Doc], Repository]) -> Callable[[Doc], list[Finding]]:
    return lambda doc: rules.check(open_view(doc), TODAY)


# ----- every rule: one case that triggers it, one near-miss that does not ---------------------------

TRIGGERS: dict[str, tuple[Callable[[Doc], Doc], list[tuple[str, int | str]]]] = {
    # A deal's overdue step is one finding, about the action (the deal is not reported again).
    "overdue_action": (lambda d: edit(d, "actions", 4, due=day(-1)), [("overdue_action", 4)]),
    "deal_next_steps": (lambda d: edit(d, "actions", 5, status="done", completed_at=at(-1).isoformat()),
                        [("deal_next_steps", 1)]),
    "deal_stale": (lambda d: edit(d, "deals", 1, stage_history=[{"stage": "Discovery", "at": at(-15).isoformat()}]),
                   [("deal_stale", 1)]),
    "deal_close_past": (lambda d: edit(d, "deals", 1, expected_close=day(-1)), [("deal_close_past", 1)]),
    "deal_slipped": (lambda d: edit(d, "deals", 1, close_slips=[slip_row(20, 38)]), [("deal_slipped", 1)]),
    "objective_stuck": (lambda d: edit(d, "actions", 1, status="dropped", drop_reason="no budget"),
                        [("objective_stuck", 1)]),
    "objective_missed": (lambda d: edit(d, "objectives", 2, due=day(-1)), [("objective_missed", 2)]),
    "goal_no_objective": (lambda d: add(d, "goals", goal_row(4, "revenue")), [("goal_no_objective", 4)]),
    "category_no_goal": (lambda d: edit(d, "goals", 3, archived=True), [("category_no_goal", "success")]),
    "just_doing": (lambda d: add(d, "actions", action_row(6)), [("just_doing", 6)]),
    "action_slipped": (lambda d: edit(d, "actions", 1, slips=[slip_row(2, 8)]), [("action_slipped", 1)]),
}

NEAR_MISSES: dict[str, Callable[[Doc], Doc]] = {
    # Due today is not late yet.
    "overdue_action": lambda d: edit(d, "actions", 4, due=day(0)),
    # Exactly two open steps (a third is done) is enough.
    "deal_next_steps": lambda d: add(edit(d, "actions", 5, status="done", completed_at=at(-1).isoformat()),
                                     "actions", action_row(6, deal_id=1)),
    # 14 days at a 14-day stage is on the limit, not past it.
    "deal_stale": lambda d: edit(d, "deals", 1, stage_history=[{"stage": "Discovery", "at": at(-14).isoformat()}]),
    # Closing today is not in the past.
    "deal_close_past": lambda d: edit(d, "deals", 1, expected_close=day(0)),
    # An archived deal is out of the plan, slips and all.
    "deal_slipped": lambda d: edit(d, "deals", 1, close_slips=[slip_row(20, 38)], archived=True),
    # A met objective needs no further action.
    "objective_stuck": lambda d: edit(edit(d, "actions", 1, status="dropped", drop_reason="no budget"),
                                      "objectives", 1, current=10),
    # Past due but on target.
    "objective_missed": lambda d: edit(d, "objectives", 2, due=day(-1), current=10),
    # A new goal with an objective that an open action moves.
    "goal_no_objective": lambda d: add(add(add(d, "goals", goal_row(4, "revenue")),
                                           "objectives", objective_row(4, 4)),
                                       "actions", action_row(6, objective_id=4)),
    # The archived goal's category still has another goal.
    "category_no_goal": lambda d: edit(add(edit(d, "goals", 3, archived=True), "goals", goal_row(4, "success")),
                                       "objectives", 3, goal_id=4),
    # Tied to an objective (no deal) is tied to something.
    "just_doing": lambda d: add(d, "actions", action_row(6, objective_id=1)),
    # A slipped action that is now done, with another open action for its objective.
    "action_slipped": lambda d: add(edit(d, "actions", 1, slips=[slip_row(2, 8)], status="done",
                                         completed_at=at(-1).isoformat()),
                                    "actions", action_row(6, objective_id=1)),
}


def test_every_rule_has_a_trigger_and_a_near_miss() -> None:
    assert set(TRIGGERS) == set(RULES)
    assert set(NEAR_MISSES) == set(RULES)


def test_a_healthy_plan_has_no_findings(check: Callable[[Doc], list[Finding]]) -> None:
    assert check(healthy()) == []


@pytest.mark.parametrize("rule", list(RULES))
def test_rule_is_triggered(rule: str, check: Callable[[Doc], list[Finding]]) -> None:
    mutate, expected = TRIGGERS[rule]
    findings = check(mutate(healthy()))
    assert pairs(findings) == expected
    assert findings[0].label == RULES[rule]


@pytest.mark.parametrize("rule", list(RULES))
def test_rule_near_miss_is_not_flagged(rule: str, check: Callable[[Doc], list[Finding]]) -> None:
    assert check(NEAR_MISSES[rule](healthy())) == []


# ----- more about check() --------------------------------------------------------------------------


def test_findings_come_most_urgent_rule_first_then_by_ref(check: Callable[[Doc], list[Finding]]) -> None:
    doc = healthy()
    add(doc, "actions", action_row(10, due=day(-20)))  # overdue and tied to nothing
    edit(doc, "actions", 2, due=day(-2))  # overdue
    edit(doc, "objectives", 2, due=day(-1))  # missed
    edit(doc, "deals", 1, stage_history=[{"stage": "Discovery", "at": at(-30).isoformat()}])  # stale
    findings = check(doc)
    assert pairs(findings) == [
        ("overdue_action", 2),
        ("overdue_action", 10),  # numeric order of ids: 2 before 10
        ("deal_stale", 1),
        ("objective_missed", 2),
        ("just_doing", 10),
    ]
    assert [f.kind for f in findings] == ["action", "action", "deal", "objective", "action"]
    order = list(RULES)
    assert [order.index(f.rule) for f in findings] == sorted(order.index(f.rule) for f in findings)


def test_overdue_detail_counts_the_days_late(check: Callable[[Doc], list[Finding]]) -> None:
    doc = edit(edit(healthy(), "actions", 1, due=day(-1)), "actions", 2, due=day(-3))
    details = {f.ref: f.detail for f in check(doc)}
    assert details[1].endswith(f"due {shown_day(-1)} (1 day late)")
    assert details[2].endswith(f"due {shown_day(-3)} (3 days late)")
    assert details[1].startswith("me → Ann Lee")


def test_done_dropped_and_archived_actions_are_never_overdue(check: Callable[[Doc], list[Finding]]) -> None:
    doc = add(healthy(), "actions",
              action_row(6, objective_id=1, due=day(-9), status="done", completed_at=at(-8).isoformat()),
              action_row(7, objective_id=1, due=day(-9), status="dropped", drop_reason="customer said no"),
              action_row(8, objective_id=1, due=day(-9), archived=True),
              action_row(9, due=day(-9), archived=True))  # archived: neither overdue nor just doing
    assert check(doc) == []


def test_a_deal_with_no_steps_is_flagged_and_one_with_one_step_too(check: Callable[[Doc], list[Finding]]) -> None:
    doc = add(healthy(), "deals", deal_row(2), deal_row(3))
    add(doc, "actions", action_row(6, deal_id=3))
    findings = check(doc)
    assert pairs(findings) == [("deal_next_steps", 2), ("deal_next_steps", 3)]
    assert findings[0].detail.startswith("0 open next steps")
    assert findings[1].detail.startswith("1 open next step;")


def test_a_done_step_counts_as_activity_for_staleness(check: Callable[[Doc], list[Finding]]) -> None:
    doc = edit(healthy(), "deals", 1, stage_history=[{"stage": "Discovery", "at": at(-40).isoformat()}])
    add(doc, "actions", action_row(6, deal_id=1, status="done", completed_at=at(-2).isoformat()))
    assert check(doc) == []


def test_stale_detail_names_the_days_and_the_limit(check: Callable[[Doc], list[Finding]]) -> None:
    doc = edit(healthy(), "deals", 1, stage_history=[{"stage": "Discovery", "at": at(-20).isoformat()}])
    [finding] = check(doc)
    assert (finding.rule, finding.detail) == ("deal_stale", "no movement for 20 days (stage limit 14)")


@pytest.mark.parametrize("stage", ["Closed Won", "Closed Lost"])
def test_a_closed_deal_is_never_flagged(stage: str, check: Callable[[Doc], list[Finding]]) -> None:
    doc = healthy()
    doc["actions"] = [a for a in doc["actions"] if a.get("deal_id") is None]  # no next steps at all
    edit(doc, "deals", 1, stage=stage, lost_reason="price" if stage == "Closed Lost" else "",
         expected_close=day(-60), close_slips=[slip_row(-90, -60)], created_at=at(-400).isoformat(),
         stage_history=[{"stage": stage, "at": at(-300).isoformat()}])
    assert check(doc) == []


def test_a_met_objective_is_never_stuck_or_missed(check: Callable[[Doc], list[Finding]]) -> None:
    doc = healthy()
    doc["actions"] = [a for a in doc["actions"] if a.get("objective_id") != 3]
    edit(doc, "objectives", 3, due=day(-10), current=12)  # past target
    assert check(doc) == []


def test_an_objective_past_due_and_short_is_missed_even_with_open_actions(
        check: Callable[[Doc], list[Finding]]) -> None:
    doc = edit(healthy(), "objectives", 1, due=day(-1), current=4, target=10)
    [finding] = check(doc)
    assert (finding.rule, finding.ref, finding.kind) == ("objective_missed", 1, "objective")
    assert finding.detail == f"due {shown_day(-1)}, at 4 of 10"


def test_an_objective_due_today_is_not_missed(check: Callable[[Doc], list[Finding]]) -> None:
    assert check(edit(healthy(), "objectives", 1, due=day(0))) == []


def test_a_goal_whose_only_objective_is_archived_has_no_objective(check: Callable[[Doc], list[Finding]]) -> None:
    doc = edit(healthy(), "objectives", 2, archived=True)
    edit(doc, "actions", 2, objective_id=1)  # keep the action tied to something
    assert pairs(check(doc)) == [("goal_no_objective", 2)]


def test_an_empty_plan_needs_a_goal_in_each_category(check: Callable[[Doc], list[Finding]]) -> None:
    findings = check({"format": FORMAT, "version": SCHEMA_VERSION})
    assert sorted(f.ref for f in findings) == ["relationship", "revenue", "success"]
    assert {f.rule for f in findings} == {"category_no_goal"}
    assert {f.kind for f in findings} == {"category"}
    assert {f.title for f in findings} == {"Relationship management", "Roadmap to revenue", "Customer success"}


# ----- flagged_deals -------------------------------------------------------------------------------


def test_flagged_deals_counts_deal_findings_and_deals_with_an_overdue_step(
        open_view: Callable[[Doc], Repository]) -> None:
    doc = add(healthy(), "deals", deal_row(2), deal_row(3))
    add(doc, "actions",
        action_row(6, deal_id=2, due=day(-1)), action_row(7, deal_id=2),  # deal 2: two steps, one overdue
        action_row(8, deal_id=3), action_row(9, deal_id=3),  # deal 3: healthy
        action_row(10, objective_id=1, due=day(-1)))  # overdue, but no deal
    edit(doc, "deals", 1, expected_close=day(-1))  # deal 1: close date past
    view = open_view(doc)
    findings = rules.check(view, TODAY)
    assert rules.flagged_deals(findings, view) == {1, 2}


def test_flagged_deals_of_no_findings_is_empty(open_view: Callable[[Doc], Repository]) -> None:
    view = open_view(healthy())
    assert rules.flagged_deals([], view) == set()


def test_a_closed_deal_with_a_leftover_overdue_step_is_not_flagged(open_view: Callable[[Doc], Repository]) -> None:
    doc = edit(healthy(), "deals", 1, stage="Closed Won",
               stage_history=[{"stage": "Closed Won", "at": at(-2).isoformat()}])
    edit(doc, "actions", 4, due=day(-1))
    view = open_view(doc)
    assert rules.flagged_deals(rules.check(view, TODAY), view) == set()


# ----- deal_flags, open_steps, last_activity on models ---------------------------------------------

DISCOVERY = Stage(name="Discovery", probability=0.15, rot_days=14)


def deal(**fields: Any) -> Deal:
    base: dict[str, Any] = {"id": 1, "account_id": 1, "title": "Pilot", "value": 5000, "stage": "Discovery",
                            "expected_close": TODAY + dt.timedelta(days=30), "created_at": at(-30),
                            "stage_history": [StageChange(stage="Discovery", at=at(-3))]}
    return Deal(**{**base, **fields})


def step(id_: int, *, due: int = 7, **fields: Any) -> Action:
    return Action(id=id_, owner="me", target="Ann Lee", outcome=f"Step {id_}", deal_id=1,
                  due=TODAY + dt.timedelta(days=due), created_at=at(-10), **fields)


def test_open_steps_keeps_only_open_unarchived_steps_in_order() -> None:
    steps = [step(1), step(2, status="done", completed_at=at(-1)), step(3, status="dropped", drop_reason="moot"),
             step(4, archived=True), step(5)]
    assert [a.id for a in rules.open_steps(steps)] == [1, 5]


def test_last_activity_is_the_stage_change_without_done_steps() -> None:
    assert rules.last_activity(deal(), [step(1), step(2)]) == at(-3)


def test_last_activity_falls_back_to_creation_without_history() -> None:
    assert rules.last_activity(deal(stage_history=[]), []) == at(-30)


def test_last_activity_is_the_latest_of_stage_change_and_done_steps() -> None:
    steps = [step(1, status="done", completed_at=at(-5)), step(2, status="done", completed_at=at(-1)),
             step(3, status="dropped", drop_reason="moot", completed_at=at(0))]  # a dropped step is no activity
    assert rules.last_activity(deal(), steps) == at(-1)
    assert rules.last_activity(deal(stage_history=[StageChange(stage="Discovery", at=at(-1))]),
                               [step(1, status="done", completed_at=at(-5))]) == at(-1)


def test_deal_flags_of_a_healthy_deal_is_empty() -> None:
    assert rules.deal_flags(deal(), [step(1), step(2)], DISCOVERY, TODAY) == []


def test_deal_flags_two_open_steps_is_enough_one_is_not() -> None:
    assert rules.deal_flags(deal(), [step(1), step(2)], DISCOVERY, TODAY) == []
    assert rules.deal_flags(deal(), [step(1), step(2, status="done", completed_at=at(-1))], DISCOVERY, TODAY) == [
        "deal_next_steps"]
    assert rules.deal_flags(deal(), [], DISCOVERY, TODAY) == ["deal_next_steps"]


def test_deal_flags_every_flag_at_once() -> None:
    old = deal(expected_close=TODAY - dt.timedelta(days=1), stage_history=[StageChange(stage="Discovery", at=at(-15))],
               close_slips=[{"old": TODAY - dt.timedelta(days=5), "new": TODAY - dt.timedelta(days=1), "at": at(-20)}])
    flags = rules.deal_flags(old, [step(1, due=-1)], DISCOVERY, TODAY)
    assert sorted(flags) == sorted(
        ["deal_next_steps", "overdue_action", "deal_stale", "deal_close_past", "deal_slipped"])


@pytest.mark.parametrize(("days", "stale"), [(14, False), (15, True)])
def test_deal_flags_stale_only_past_the_stage_limit(days: int, stale: bool) -> None:
    d = deal(stage_history=[StageChange(stage="Discovery", at=at(-days))])
    assert ("deal_stale" in rules.deal_flags(d, [step(1), step(2)], DISCOVERY, TODAY)) is stale


@pytest.mark.parametrize(("due", "overdue"), [(0, False), (-1, True)])
def test_deal_flags_overdue_only_before_today(due: int, overdue: bool) -> None:
    flags = rules.deal_flags(deal(), [step(1, due=due), step(2)], DISCOVERY, TODAY)
    assert flags == (["overdue_action"] if overdue else [])


def test_deal_flags_uses_the_open_steps_it_is_given() -> None:
    steps = [step(1), step(2)]
    assert rules.deal_flags(deal(), steps, DISCOVERY, TODAY, open_=steps[:1]) == ["deal_next_steps"]


@pytest.mark.parametrize("kind", [StageKind.WON, StageKind.LOST])
def test_deal_flags_of_a_closed_stage_is_empty(kind: StageKind) -> None:
    closed = Stage(name="Closed", probability=1.0 if kind == StageKind.WON else 0.0, kind=kind, rot_days=1)
    old = deal(stage="Closed", expected_close=TODAY - dt.timedelta(days=90), stage_history=[],
               close_slips=[{"old": TODAY, "new": TODAY, "at": at(-20)}])
    assert rules.deal_flags(old, [step(1, due=-30)], closed, TODAY) == []


def test_deal_flags_of_an_unknown_stage_is_empty() -> None:
    assert rules.deal_flags(deal(stage="Nowhere"), [], None, TODAY) == []


def test_finding_as_dict_carries_its_label() -> None:
    f = Finding("deal_stale", "deal", 7, "Pilot", "no movement")
    assert f.as_dict() == {"rule": "deal_stale", "label": "Stale deal", "kind": "deal", "ref": 7,
                           "title": "Pilot", "detail": "no movement"}


def test_categories_without_a_goal_come_in_their_own_order(open_view: Callable[[Doc], Repository]) -> None:
    doc = healthy()
    for goal in doc["goals"]:
        goal["archived"] = True
    view = open_view(doc)
    refs = [f.ref for f in rules.check(view, TODAY) if f.rule == "category_no_goal"]
    assert refs == ["relationship", "revenue", "success"]
