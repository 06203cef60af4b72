"""Tests the coach's offers beyond refusing: each missing part offered from the workspace, one pick each, to a plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesplan_tui.core.coach import Judgement, judge
from salesplan_tui.core.coach.completions import (
    LIMIT,
    ORDER,
    Completion,
    CompletionContext,
    Person,
    completions,
)
from salesplan_tui.core.model.records import ReviewKind
from salesplan_tui.core.plan.completion_context import completion_context
from salesplan_tui.core.review.agenda import build_agenda
from salesplan_tui.core.review.session import ReviewSession, start_review
from tests.conftest import TODAY

from .workspace import CLOCK, applied, open_workspace

NORTHWIND = CompletionContext(
    people=(Person("Dana Ruiz", "CFO", "Northwind Traders"), Person("Bob Chen", "Project leader", "Northwind Traders")),
    playbook=("Confirm the business problem and its cost with the sponsor", "Map who else is involved in the decision"),
    exit_criteria=("The business problem and its cost are written down and confirmed",),
)
ACCOUNTS = frozenset({"northwind traders"})


def coach(text: str, today: dt.date = TODAY) -> Judgement:
    return judge(text, today=today, accounts=ACCOUNTS)


def offers(text: str, context: CompletionContext = NORTHWIND, today: dt.date = TODAY) -> list[Completion]:
    return completions(text, coach(text, today), today, context, check=lambda t: coach(t, today))


def of(found: list[Completion], element: str) -> list[Completion]:
    return [o for o in found if o.element == element]


def test_a_vague_answer_completed_pick_by_pick_is_a_plan_naming_me_a_contact_a_result_and_a_day() -> None:
    text, picks = "we need to follow up on pricing", []
    for _ in range(len(ORDER) + 1):
        if coach(text).specific:
            break
        offered = offers(text)
        assert offered, f"refused with nothing to offer: {text!r} ({coach(text).missing})"
        picks.append(offered[0])  # the first offer each time: the part the question asks first
        text = offered[0].text
    verdict = coach(text)
    assert verdict.specific, (text, verdict.missing)
    assert verdict.owner == "me" and text.startswith("I ")
    assert "Dana Ruiz" in (verdict.target or "") and "Dana Ruiz at Northwind Traders" in text
    assert "to confirm the business problem and its cost" in text
    assert verdict.due == dt.date(2026, 11, 24) and picks[-1].label == "tomorrow · Tue 24 Nov"  # the first day offered
    assert "follow up on pricing" in text  # the seller's own words stay
    assert [p.element for p in picks] == ["owner", "target", "outcome", "due"]


def test_each_missing_part_has_offers_in_the_order_a_sentence_is_built() -> None:
    said = "maybe we should touch base"
    found = offers(said)
    elements = [o.element for o in found]
    assert elements == sorted(elements, key=ORDER.index)  # grouped, in order: promise, who, whom, what, when
    assert set(elements) == set(coach(said).missing) and len(found) <= LIMIT  # each missing part has some
    assert {"commitment", "owner", "target", "due"} <= set(elements)
    assert len({o.text for o in found}) == len(found)


def test_the_owner_offer_puts_i_in_place_of_a_vague_subject() -> None:
    for said, expected in (("we need to book a call", "I need to book a call"),
                           ("The team needs to book a call", "I need to book a call"),
                           ("We'll book a call", "I'll book a call"),
                           ("Let's book a call", "I'll book a call"),
                           ("By Friday someone has to book a call", "By Friday I have to book a call")):
        owner = of(offers(said), "owner")
        assert [o.text for o in owner] == [expected], said
        assert "owner" not in coach(expected).missing


def test_the_promise_offer_takes_the_hedges_out() -> None:
    for said, expected in (
        ("Maybe I will get Dana Ruiz at Northwind Traders to confirm the budget by Friday",
         "I will get Dana Ruiz at Northwind Traders to confirm the budget by Friday"),
        ("I will try to get Dana Ruiz at Northwind Traders to confirm the budget by Friday",
         "I will get Dana Ruiz at Northwind Traders to confirm the budget by Friday"),
        ("I'm trying to get Dana Ruiz at Northwind Traders to confirm the budget by Friday?",
         "I will get Dana Ruiz at Northwind Traders to confirm the budget by Friday."),
        ("I should probably get Dana Ruiz at Northwind Traders to confirm the budget by Friday",
         "I will get Dana Ruiz at Northwind Traders to confirm the budget by Friday"),
    ):
        promise = of(offers(said), "commitment")
        assert [o.text for o in promise] == [expected], said
        assert coach(expected).specific


def test_targets_are_the_deals_contacts_named_with_role_and_account() -> None:
    target = of(offers("I need to confirm the budget by Friday."), "target")
    assert [o.label for o in target] == ["Dana Ruiz, CFO at Northwind Traders", "Bob Chen, Project leader at Northwind Traders"]
    assert target[0].text == "I need to confirm the budget with Dana Ruiz at Northwind Traders by Friday."
    soon = of(offers("I need to confirm the budget soon"), "target")
    assert soon[0].text == "I need to confirm the budget with Dana Ruiz at Northwind Traders soon"  # "soon" is a day's
    vague = of(offers("I will call them to confirm the budget by Friday"), "target")
    assert vague[0].text == "I will call Dana Ruiz at Northwind Traders to confirm the budget by Friday"  # in their place


def test_outcomes_are_the_stage_playbook_and_exit_criteria_as_purpose_clauses() -> None:
    outcome = of(offers("I'll call Dana Ruiz at Northwind Traders by Friday."), "outcome")
    labels = [o.label for o in outcome]
    assert labels[0] == "to confirm the business problem and its cost"  # the sponsor is the target's to say
    assert "so that the business problem and its cost are written down and confirmed" in labels
    assert outcome[0].text == ("I'll call Dana Ruiz at Northwind Traders to confirm the business problem and its cost "
                               "by Friday.")  # before the deadline, which stays at the end


def test_an_offer_that_would_not_supply_its_part_is_left_out() -> None:
    idle = CompletionContext(playbook=("Think about the account", "Agree the decision date"))
    text = "I'll call Dana Ruiz at Northwind Traders by Friday"
    kept = completions(text, coach(text), TODAY, idle, check=coach)
    assert [o.label for o in kept] == ["to agree the decision date"]
    assert len(completions(text, coach(text), TODAY, idle)) == 2  # without the coach to ask, both are offered


@pytest.mark.parametrize("offset", range(14))
def test_dates_are_never_in_the_past_and_read_back_as_the_day_offered(offset: int) -> None:
    today = TODAY + dt.timedelta(days=offset)
    text = "I'll get Dana Ruiz at Northwind Traders to confirm the budget"
    due = of(offers(text, today=today), "due")
    assert 3 <= len(due) <= 5
    days = [coach(o.text, today).due for o in due]
    assert all(d is not None and d > today for d in days), (today, days)
    assert days == sorted(days) and len(set(days)) == len(days)  # a week in calendar order, no day twice


def test_a_friday_is_offered_as_its_weekday_and_date() -> None:
    labels = [o.label for o in of(offers("I'll get Dana Ruiz at Northwind Traders to confirm the budget"), "due")]
    assert labels == ["tomorrow · Tue 24 Nov", "Fri 27 Nov", "Mon 30 Nov", "end of next week · Fri 4 Dec"]
    vague = of(offers("I'll get Dana Ruiz at Northwind Traders to confirm the budget soon"), "due")
    assert vague[1].text == "I'll get Dana Ruiz at Northwind Traders to confirm the budget by Fri 27 Nov"  # for "soon"


def test_names_with_brackets_markup_and_control_characters_are_kept_as_text() -> None:
    hostile = "[b]Dana[/b] \x1b]52;c;aGk=\x07 Ruiz"
    context = CompletionContext(people=(Person(hostile, "[CFO]", "Acme [EU] $x"),))
    text = "I need to confirm the budget by Friday"
    target = of(completions(text, coach(text), TODAY, context), "target")  # without the coach: the names as such
    assert target[0].label == f"{hostile}, [CFO] at Acme [EU] $x"
    assert f"{hostile} at Acme [EU] $x" in target[0].text


def test_an_empty_workspace_says_what_is_missing_and_gives_a_pattern_to_fill() -> None:
    found = offers("I need to follow up on pricing", CompletionContext())
    assert {o.element for o in found} == {"target", "outcome", "due"}
    whom, result = of(found, "target"), of(found, "outcome")
    assert len(whom) == len(result) == 1  # one pattern each, the rest of the room for days
    assert "type who" in whom[0].label and whom[0].blank == "<name> at <company>"
    assert whom[0].text == "I need to follow up on pricing with <name> at <company>"
    assert "type the result" in result[0].label and result[0].blank in result[0].text
    assert result[0].text.startswith("I need to follow up on pricing to get <")
    assert not coach(whom[0].text).specific  # a pattern is no answer until its blank is typed over
    filled = whom[0].text.replace(whom[0].blank, "Dana Ruiz at Northwind Traders")
    assert "target" not in coach(filled).missing


def test_nothing_is_offered_for_a_plan_or_an_empty_answer() -> None:
    plan = "By Friday I'll get Dana Ruiz at Northwind Traders to confirm the budget"
    assert offers(plan) == [] and offers("   ") == []


def test_the_context_is_the_deals_contacts_then_the_accounts_and_the_stage_not_yet_done(tmp_path: Path) -> None:
    with open_workspace(
        tmp_path,
        contacts=[{"id": 1, "name": "Ana Silva", "role": "COO", "account_id": 1},
                  {"id": 2, "name": "Raj Patel", "role": "CFO", "account_id": 1},
                  {"id": 3, "name": "Elsewhere", "account_id": None}],
        deals=[{"id": 2, "account_id": 1, "title": "Contoso: rollout", "value": 9000, "stage": "Discovery",
                "expected_close": "2027-01-31", "contact_ids": [2]}],
        actions=[{"id": 2, "owner": "me", "target": "Raj Patel at Contoso", "status": "done",
                  "outcome": "confirm the business problem and its cost", "due": "2026-11-20", "deal_id": 1,
                  "completed_at": "2026-11-20T09:00:00Z", "created_at": "2026-11-01T09:00:00Z"}],
        objectives=[{"id": 2, "goal_id": 1, "title": "Contoso meetings", "metric": "meetings", "target": 3,
                     "due": "2026-12-31", "account_id": 1}],
    ) as repo:
        pilot = completion_context(repo, deal_id=1)
        assert [p.label for p in pilot.people] == ["Ana Silva, COO at Contoso [EU]", "Raj Patel, CFO at Contoso [EU]"]
        assert "Confirm the business problem and its cost with the sponsor" not in pilot.playbook  # done already
        assert "Map who else is involved in the decision" in pilot.playbook and pilot.exit_criteria
        rollout = completion_context(repo, deal_id=2)
        assert [p.name for p in rollout.people] == ["Raj Patel", "Ana Silva"]  # the deal's own contact first
        assert "Confirm the business problem and its cost with the sponsor" in rollout.playbook  # not done on this one
        by_objective = completion_context(repo, objective_id=2)
        assert [p.name for p in by_objective.people] == ["Ana Silva", "Raj Patel"] and not by_objective.playbook
        assert completion_context(repo) == CompletionContext() == completion_context(repo, objective_id=1)


def test_an_offer_picked_and_refused_again_is_kept_as_the_draft_not_as_a_refused_answer(tmp_path: Path) -> None:
    with open_workspace(tmp_path) as repo:
        items = build_agenda(repo, CLOCK.today(), ReviewKind.WEEKLY)
        review = applied(repo, start_review(repo, CLOCK, ReviewKind.WEEKLY, items))
        session = ReviewSession(repo, review.id, CLOCK)
        repo.apply(session.judge("we need to follow up")[1])
        verdict, change = session.judge("I need to follow up", offered=True)
        repo.apply(change)
        assert not verdict.specific and session.review.draft == "I need to follow up"
        assert [a.text for a in session.review.answers] == ["we need to follow up"]  # the seller's own, refused
        plan = "By Friday I'll get Ana Silva at Contoso to return the signed MSA"
        repo.apply(session.judge(plan, offered=True)[1])
        assert [(a.text, a.accepted) for a in session.review.answers][-1] == (plan, True)  # a plan always counts
