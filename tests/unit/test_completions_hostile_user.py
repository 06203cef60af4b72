"""Tests the coach's offers on answers as sellers type them: two days that disagree, a span, a note with no "I", an
account named in lower case, and an action tied to nothing that still names its account."""

from __future__ import annotations

import datetime as dt

from salesplan_tui.core.coach import Judgement, judge
from salesplan_tui.core.coach.completions import (
    Completion,
    CompletionContext,
    Person,
    completions,
    names_account,
)
from salesplan_tui.core.plan.completion_context import completion_context
from tests.conftest import TODAY

from .workspace import open_workspace

NORTHWIND = CompletionContext(
    people=(Person("Dana Ruiz", "CFO", "Northwind Traders"), Person("Bob Chen", "Project leader", "Northwind Traders")),
    playbook=("Agree the signature date with the signer",),
)
ACCOUNTS = frozenset({"northwind traders"})


def coach(text: str) -> Judgement:
    return judge(text, today=TODAY, accounts=ACCOUNTS)


def offers(text: str, context: CompletionContext = NORTHWIND) -> list[Completion]:
    return completions(text, coach(text), TODAY, context, check=coach)


def test_a_weekday_and_a_date_that_disagree_are_offered_first_as_the_two_days_asked_about() -> None:
    text = "I'll get Dana Ruiz at Northwind Traders to sign the order form by Thursday 12/4"  # 4 Dec is a Friday
    assert "Thursday 3 Dec or Friday 4 Dec" in coach(text).question
    found = [o for o in offers(text) if o.element == "due"]
    assert [o.label for o in found[:2]] == ["Thu 3 Dec", "Fri 4 Dec"]
    for offer, day in zip(found[:2], (dt.date(2026, 12, 3), dt.date(2026, 12, 4)), strict=True):
        # The disagreeing words are replaced, "by" and all: not "by by", not "12/4" left to disagree again.
        assert "12/4" not in offer.text and "by by" not in offer.text and "Thursday" not in offer.text
        verdict = coach(offer.text)
        assert verdict.specific and verdict.due == day, offer.text


def test_a_day_offered_for_a_span_replaces_the_whole_span() -> None:
    text = "I'll get Dana Ruiz at Northwind Traders to sign the order form by sometime in december"
    found = [o for o in offers(text) if o.element == "due"]
    assert found
    for offer in found:
        assert "december" not in offer.text and "sometime" not in offer.text and "by by" not in offer.text, offer.text
        assert coach(offer.text).specific, offer.text


def test_a_note_with_no_i_is_the_speakers_and_is_offered_whom_in_place_of_them() -> None:
    text = "  • need to get them to agree the signature date asap"
    assert coach(text).owner == "me"  # the coach reads a note to self as the speaker's
    whom = [o for o in offers(text) if o.element == "target"]
    assert whom and whom[0].text.strip() == "• need to get Dana Ruiz at Northwind Traders to agree the signature date asap"
    for said in ("Will get Dana Ruiz at Northwind Traders to sign the order form by Friday.",
                 "must get Dana Ruiz at Northwind Traders to sign the order form by Friday"):
        assert coach(said).specific and not [o for o in offers(said) if o.element == "owner"], said
    # A verb in the middle of a clause is no note's first word: nothing is put before it.
    assert not [o for o in offers("Dana Ruiz at Northwind Traders will sign the order form by Friday") if o.element == "owner"]


def test_an_account_named_in_lower_case_is_where_its_person_goes() -> None:
    assert names_account("set up a QBR w/ contoso", "Contoso Health")
    assert names_account("the Contoso Health QBR", "Contoso Health")
    assert not names_account("the new deal", "New Bank") and not names_account("contosos", "Contoso Health")
    assert not names_account("call them soon", "Them Inc")  # a hostile name's first word that is any answer's
    priya = CompletionContext(people=(Person("Priya Nair", "IT director", "Contoso Health"),))
    text = "I will set up a QBR w/ contoso to agree the scope by Friday"
    whom = [o for o in completions(text, coach(text), TODAY, priya) if o.element == "target"]
    assert whom[0].text == "I will set up a QBR w/ Priya Nair at Contoso Health to agree the scope by Friday"
    # Its possessive already names someone there; the person is said beside it, not in its place.
    said = "I will meet with Contoso's team by Friday"
    whom = [o for o in completions(said, coach(said), TODAY, priya) if o.element == "target"]
    assert all("Contoso's" in o.text for o in whom)


def test_with_no_deal_or_objective_the_accounts_named_give_their_people(tmp_path) -> None:
    with open_workspace(tmp_path, accounts=[{"id": 2, "name": "Litware Bank"}, {"id": 3, "name": "New Bank"}],
                        contacts=[{"id": 1, "name": "Sarah Lee", "role": "Head of Compliance", "account_id": 2},
                                  {"id": 2, "name": "Omar Haddad", "account_id": 3}]) as repo:
        named = completion_context(repo, about="touch base about the portal\nlitware")
        unnamed = completion_context(repo, about="make more calls for the new quarter")
        deal = completion_context(repo, deal_id=1, about="litware")  # the deal's account decides, not the words
    assert named.people == (Person("Sarah Lee", "Head of Compliance", "Litware Bank"),)
    assert unnamed.people == () and "Sarah Lee" not in {p.name for p in deal.people}


def test_an_exit_criterion_with_no_verb_is_offered_as_something_to_get() -> None:
    context = CompletionContext(exit_criteria=("Commercial and legal terms agreed", "The signer is named and has a date"))
    text = "I'll call Dana Ruiz at Northwind Traders by Friday"
    labels = [o.label for o in completions(text, coach(text), TODAY, context, check=coach) if o.element == "outcome"]
    assert labels == ["to get commercial and legal terms agreed", "so that the signer is named and has a date"]


def test_a_piece_goes_before_a_hedge_said_with_the_day_not_between_them() -> None:
    text = "I need to send the proposal to the CFO, probably next week-ish"
    whom = [o.text for o in offers(text) if o.element == "target"]
    assert whom[0] == "I need to send the proposal to the CFO with Dana Ruiz at Northwind Traders, probably next week-ish"


def test_a_day_offered_for_a_span_said_loosely_replaces_the_whole_span() -> None:
    text = "I need to send the proposal to Dana Ruiz at Northwind Traders to get it signed, next week-ish"
    days = [o.text for o in offers(text) if o.element == "due"]
    assert days and all(not d.endswith("-ish") and "by " in d for d in days), days
