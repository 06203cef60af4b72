"""Tests "since last time": a one-on-one finished, the workspace changed by the core operations on later days, and
every figure read back: promises kept, late, slipped, dropped or open; the pipeline's moves and forecast; the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.model.records import (
    Action,
    Deal,
    Kind,
    Objective,
    Review,
    ReviewItem,
    ReviewKind,
)
from salesplan_tui.core.pipeline import deal_ops
from salesplan_tui.core.plan import action_ops
from salesplan_tui.core.plan import goal_ops as plan_ops
from salesplan_tui.core.review.markdown import review_markdown
from salesplan_tui.core.review.session import ReviewSession, start_review
from salesplan_tui.core.review.since_last import DONE, DROPPED, OPEN, since_last
from salesplan_tui.core.review.since_last_lines import sections
from salesplan_tui.core.storage import Repository

from .workspace import applied, day, open_workspace

MANAGER = "Jill Carter"
MEETING = dt.datetime.combine(day(0), dt.time(12), tzinfo=dt.UTC)  # the first one-on-one: 12:00 to 13:00


def at(offset: int) -> Clock:
    return Clock.on(day(offset))


def deal_row(id_: int, title: str, stage: str, value: float) -> dict:
    return {"id": id_, "account_id": 1, "title": title, "value": value, "stage": stage,
            "expected_close": day(40).isoformat(), "created_at": "2026-10-01T09:00:00Z",
            "stage_history": [{"stage": stage, "at": "2026-10-01T09:00:00Z"}]}


PROMISES = [  # what the first one-on-one commits to, and the day each is due
    ("send the pricing to Ana", 2), ("book the security review", 3), ("get the pilot budget confirmed", 3),
    ("invite the CFO to the demo", 5), ("send the case study", 3),
]


def finish_one_on_one(repo: Repository, manager: str, start: Clock, end: Clock,
                      promises: list[tuple[str, int]], seller: str = "me") -> tuple[Review, list[Action]]:
    """A one-on-one walked from `start`: one promise per item, finished at `end`."""
    items = [ReviewItem(kind=Kind.OBJECTIVE, ref_id=1, title="Book meetings", reason="added") for _ in promises]
    review = applied(repo, start_review(repo, start, ReviewKind.ONE_ON_ONE, items, seller=seller, manager=manager))
    session = ReviewSession(repo, review.id, start)
    for outcome, due in promises:
        repo.apply(session.commit(owner="me", target="Ana Silva at Contoso", outcome=outcome, due=day(due),
                                  sentence=f"I'll {outcome}"))
    repo.apply(ReviewSession(repo, review.id, end).finish())
    finished = repo.get(Review, review.id)
    return finished, [repo.get(Action, i) for i in finished.action_ids]


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    more = [deal_row(2, "Fabrikam: rollout", "Proposal", 100000), deal_row(3, "Globex: renewal", "Solution", 80000),
            deal_row(4, "Litware: portal", "Negotiation", 40000), deal_row(5, "Northwind: add-on", "Proposal", 30000),
            deal_row(7, "Contoso: clinic", "Prospect", 10000)]
    with open_workspace(tmp_path, deals=more) as opened:
        yield opened


Changed = tuple[Repository, Review, list[Action]]


@pytest.fixture
def changed(repo: Repository) -> Changed:
    """The first one-on-one on day 0, then a week of changes made by the core operations."""
    start = Clock(MEETING)
    during = Clock(MEETING + dt.timedelta(minutes=30))
    end = Clock(MEETING + dt.timedelta(hours=1))
    items = [ReviewItem(kind=Kind.OBJECTIVE, ref_id=1, title="Book meetings", reason="added") for _ in PROMISES]
    review = applied(repo, start_review(repo, start, ReviewKind.ONE_ON_ONE, items, manager=MANAGER))
    session = ReviewSession(repo, review.id, start)
    for outcome, due in PROMISES:
        repo.apply(session.commit(owner="me", target="Ana Silva at Contoso", outcome=outcome, due=day(due),
                                  sentence=f"I'll {outcome}"))
    pricing, security, budget, cfo, _case_study = (repo.get(Action, i) for i in session.review.action_ids)

    def fresh(action: Action) -> Action:
        return repo.get(Action, action.id)

    # Moved while the manager watched: already discussed, so not "since last time".
    repo.apply(deal_ops.move_stage(repo, during, repo.get(Deal, 7), repo.process.stage("Discovery")))
    repo.apply(action_ops.reschedule(fresh(budget), day(4), during, "agreed in the meeting"))
    repo.apply(ReviewSession(repo, review.id, end).finish())
    review = repo.get(Review, review.id)

    repo.apply(action_ops.complete(fresh(pricing), at(1)))
    repo.apply(action_ops.complete(repo.get(Action, 1), at(1)))  # the overdue MSA step, so its finding resolves
    repo.apply(deal_ops.move_stage(repo, at(1), repo.get(Deal, 2), repo.process.stage("Negotiation")))
    repo.apply(plan_ops.edit(repo, repo.get(Objective, 1), at=at(1).now(), current=3))
    repo.apply(action_ops.reschedule(fresh(budget), day(10), at(2), "waiting on their CFO"))
    repo.apply(deal_ops.edit_deal(repo, at(2), repo.get(Deal, 1), expected_close=day(45), slip_reason="budget",
                                  value=60000))
    repo.apply(deal_ops.close(repo, at(3), repo.get(Deal, 3), won=True))
    repo.apply(deal_ops.close(repo, at(3), repo.get(Deal, 4), won=False, reason="went with a competitor"))
    repo.apply(deal_ops.move_stage(repo, at(4), repo.get(Deal, 5), repo.process.stage("Solution")))
    repo.apply(deal_ops.add_deal(repo, at(4), stage="Discovery", account_id=1, title="Contoso: lab", value=20000,
                                 expected_close=day(60)))
    repo.apply(action_ops.reschedule(fresh(budget), day(12), at(5), "their CFO is away"))
    repo.apply(action_ops.drop(fresh(cfo), "the CFO delegated to the VP Finance"))
    repo.apply(plan_ops.edit(repo, repo.get(Objective, 1), at=at(5).now(), current=4))
    repo.apply(action_ops.complete(fresh(security), at(6)))
    return repo, review, [fresh(a) for a in (pricing, security, budget, cfo, _case_study)]


def test_commitments_from_last_time_say_what_became_of_each(changed: Changed) -> None:
    repo, review, (pricing, security, budget, cfo, case_study) = changed
    since = since_last(repo, MANAGER, at(7).now())
    assert since is not None and since.previous_id == review.id
    by_id = {c.action_id: c for c in since.commitments}
    assert [c.action_id for c in since.commitments] == review.action_ids
    assert (by_id[pricing.id].state, by_id[pricing.id].completed_on, by_id[pricing.id].late_days) == (DONE, day(1), 0)
    assert (by_id[security.id].state, by_id[security.id].completed_on, by_id[security.id].late_days) == (DONE, day(6), 3)
    slipped = by_id[budget.id]
    assert (slipped.state, slipped.slips, slipped.promised_due, slipped.due) == (OPEN, 2, day(4), day(12))
    assert len(budget.slips) == 3  # one more, in the meeting itself: the promise was the date it ended with
    assert not slipped.overdue  # open but not yet due: no failure
    assert (by_id[cfo.id].state, by_id[cfo.id].drop_reason) == (DROPPED, "the CFO delegated to the VP Finance")
    assert (by_id[case_study.id].state, by_id[case_study.id].overdue, by_id[case_study.id].due) == (OPEN, True, day(3))
    assert since.kept == 2


def test_pipeline_movement_and_the_forecast_then_and_now(changed: Changed) -> None:
    repo, _, _ = changed
    p = since_last(repo, MANAGER, at(7).now()).pipeline
    assert [(m.deal_id, m.old, m.new) for m in p.advanced] == [(2, "Proposal", "Negotiation")]
    assert [(m.deal_id, m.old, m.new) for m in p.moved_back] == [(5, "Proposal", "Solution")]
    assert [(m.deal_id, m.old, m.new) for m in p.won] == [(3, "Solution", "Closed Won")]
    assert [(m.deal_id, m.new, m.reason) for m in p.lost] == [(4, "Closed Lost", "went with a competitor")]
    assert [(s.deal_id, s.old, s.new, s.times) for s in p.close_slips] == [(1, day(30), day(45), 1)]
    assert [(v.deal_id, v.old, v.new) for v in p.values] == [(1, 50000, 60000)]
    new = repo.all(Deal)[-1]
    assert [(n.deal_id, n.stage, n.value) for n in p.new] == [(new.id, "Discovery", 20000)]
    # Then: Discovery 50k×0.15 + Proposal 100k×0.6 + Solution 80k×0.35 + Negotiation 40k×0.8 + Proposal 30k×0.6
    # + the clinic moved to Discovery during the meeting 10k×0.15; the new deal did not exist yet.
    assert p.forecast_then == pytest.approx(7500 + 60000 + 28000 + 32000 + 18000 + 1500)
    # Now: Discovery 60k×0.15 + Negotiation 100k×0.8 + Solution 30k×0.35 + clinic 1.5k + new Discovery 20k×0.15
    assert p.forecast_now == pytest.approx(9000 + 80000 + 10500 + 1500 + 3000)


def test_the_plan_progress_then_and_now_and_findings_new_and_resolved(changed: Changed) -> None:
    repo, review, (_, _, budget, _, case_study) = changed
    since = since_last(repo, MANAGER, at(7).now())
    meetings = next(o for o in since.objectives if o.objective_id == 1)
    assert (meetings.then, meetings.now, meetings.progress_then, meetings.progress_now) == (0, 4, 0.0, 0.4)
    assert "overdue_action:action:1" in review.findings_at_end  # the MSA step was late at the meeting's end
    resolved = {f.key for f in since.resolved_findings}
    new = {f.key: f for f in since.new_findings}
    assert "overdue_action:action:1" in resolved and "overdue_action:action:1" not in new
    assert f"overdue_action:action:{case_study.id}" in new
    slipped = f"action_slipped:action:{budget.id}"  # slipped in the meeting already: still open, neither new nor resolved
    assert slipped in review.findings_at_end and slipped not in new and slipped not in resolved
    assert new[f"overdue_action:action:{case_study.id}"].title == "send the case study"
    assert "deal_slipped:deal:1" in new  # the pilot's close date moved
    assert not set(new) & set(review.findings_at_end) and not resolved - set(review.findings_at_end)


def test_the_window_starts_when_the_last_one_ended_and_reads_records_as_they_were_at_its_end(changed: Changed) -> None:
    repo, _, (pricing, security, budget, _, _) = changed
    since = since_last(repo, MANAGER, at(3).now() - dt.timedelta(hours=1))  # day 3, before the deals closed
    assert since.since == MEETING + dt.timedelta(hours=1)
    assert not any(m.deal_id == 7 for m in since.pipeline.advanced)  # moved during the meeting, not after it
    by_id = {c.action_id: c for c in since.commitments}
    assert by_id[security.id].state == OPEN and by_id[budget.id].slips == 1 and by_id[budget.id].due == day(10)
    assert by_id[pricing.id].state == DONE
    assert since.pipeline.won == () and since.pipeline.new == ()
    assert next(o for o in since.objectives if o.objective_id == 1).now == 3


def test_the_manager_is_matched_in_any_case_and_another_manager_has_no_last_time(changed: Changed) -> None:
    repo, review, _ = changed
    assert since_last(repo, "  jill CARTER ", at(7).now()).previous_id == review.id
    assert since_last(repo, "Tom Baker", at(7).now()) is None
    assert since_last(repo, "", at(7).now()) is None


def test_a_one_on_one_reads_its_own_since_last_time_from_the_one_before_it(changed: Changed) -> None:
    repo, first, _ = changed
    second, _ = finish_one_on_one(repo, "jill carter", at(7), Clock(at(7).now() + dt.timedelta(hours=1)),
                                  [("call Ana about the lab", 9)])
    assert since_last(repo, MANAGER, at(8).now()).previous_id == second.id
    own = since_last(repo, MANAGER, second.ended_at, before_review_id=second.id, findings_now=second.findings_at_end)
    assert own.previous_id == first.id and own.kept == 2 and len(own.pipeline.new) == 1

    text = review_markdown(repo, second)
    assert "## Since last time (Mon 23 Nov, with Jill Carter)" in text
    assert "### Promised vs done: 2 of 5 done" in text
    assert "**book the security review**: done Sun 29 Nov, 3 days late" in text
    assert "**get the pilot budget confirmed**: open, due Sat 5 Dec; slipped twice (Fri 27 Nov → Sat 5 Dec)" in text
    assert "**send the case study**: open, was due Thu 26 Nov" in text
    assert "**invite the CFO to the demo**: dropped: the CFO delegated to the VP Finance" in text
    assert "**Litware: portal**: lost (from Negotiation): went with a competitor" in text
    assert "weighted forecast $147,000 → $104,000 (-$43,000)" in text
    assert "**Book meetings**: 0 → 4 of 10 meetings (0% → 40%)" in text
    assert text.index("## Since last time") < text.index("## Commitments")


def test_the_screen_words_never_call_an_open_promise_not_yet_due_a_failure(changed: Changed) -> None:
    repo, _, _ = changed
    promised = sections(since_last(repo, MANAGER, at(7).now()))[0]
    lines = {line.subject: line for line in promised.lines}
    assert lines["get the pilot budget confirmed"].mark == "○" and lines["get the pilot budget confirmed"].tone != "bad"
    assert lines["send the case study"].mark == "✗" and lines["send the case study"].tone == "bad"
    assert promised.summary == "2 of 5 done"


def test_a_markdown_of_a_first_one_on_one_says_there_is_nothing_to_compare_and_names_the_seller(
        repo: Repository) -> None:
    first, _ = finish_one_on_one(repo, MANAGER, at(0), at(0), [("send the pricing to Ana", 2)], seller="Sam Lee")
    text = review_markdown(repo, first)
    assert "- No earlier one-on-one with Jill Carter to compare with." in text
    assert "# One-on-one: Sam Lee and Jill Carter" in text
    assert "- **Sam Lee** → Ana Silva at Contoso: send the pricing to Ana: open, due" in text  # "me", by name
    assert since_last(repo, MANAGER, first.ended_at, before_review_id=first.id) is None
