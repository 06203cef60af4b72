"""Tests that the results offered come from the deal itself: its stage and kind (renewal, expansion, new logo), its
stage's exit criteria said as something still to get, and its own open steps."""

from __future__ import annotations

import pytest

from salesplan_tui.core.coach.purposes import EXPANSION, NEW_LOGO, RENEWAL, criterion, fits, purposes
from salesplan_tui.core.model.change import Change, revise
from salesplan_tui.core.model.records import Deal
from salesplan_tui.core.plan.action_ops import judge_answer
from salesplan_tui.core.plan.completion_context import completion_context, deal_kind, offers_for
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

PROSPECT = ["Research the account's priorities and find the likely sponsor",
            "Ask a current customer for an introduction to the sponsor", "Book a discovery call with the sponsor"]



def deal(repo: Repository, title: str) -> Deal:
    return next(d for d in repo.all(Deal) if d.title == title)


def results(repo: Repository, text: str, found: Deal) -> list[str]:
    verdict = judge_answer(repo, text, today=TODAY, deal_id=found.id)
    return [o.label for o in offers_for(repo, text, verdict, TODAY, deal_id=found.id) if o.element == "outcome"]


@pytest.mark.parametrize(("said", "offered"), [
    ("The buyer saw a demo or trial and agreed it meets the success criteria",
     "to get the buyer to see a demo or trial and agree it meets the success criteria"),
    ("The economic buyer received the proposal and agreed a decision date",
     "to get the economic buyer to receive the proposal and agree a decision date"),
    ("A named contact agreed to a discovery call", "to get a named contact to agree to a discovery call"),
    ("Commercial and legal terms agreed", "to get commercial and legal terms agreed"),
    ("Pricing approved by procurement", "to get pricing approved by procurement"),
    ("The signer is named and has a date", "so that the signer is named and has a date"),
    ("We know who else is involved in the decision", "so that we know who else is involved in the decision"),
])
def test_an_exit_criterion_is_offered_as_a_result_still_to_get_never_as_done(said: str, offered: str) -> None:
    assert criterion(said) == offered


def test_a_renewal_is_never_offered_an_introduction_and_gets_renewal_results(demo_repo: Repository) -> None:
    renewal = deal(demo_repo, "Globex: renewal FY27")
    assert deal_kind(demo_repo, renewal) == RENEWAL
    demo_repo.apply(Change("to Prospect", (revise(renewal, stage="Prospect"),)))  # a renewal at the start of the map
    context = completion_context(demo_repo, deal_id=renewal.id)
    offered = purposes(context.playbook, context.exit_criteria, kind=context.kind, open_steps=context.open_steps)
    assert not [c for c in offered if "introduction" in c or "current customer" in c or "likely sponsor" in c]
    assert "to get the renewal signed" in offered  # its own open step
    assert "to get the renewal order form signed" in offered  # what a renewal needs
    labels = results(demo_repo, "I'll call Ana Silva at Globex Retail by Friday", deal(demo_repo, "Globex: renewal FY27"))
    assert labels and not any("introduction" in label for label in labels)


def test_no_offer_is_a_past_tense_result(demo_repo: Repository) -> None:
    for title in ("Contoso: St Mary's hospital", "Northwind: analytics add-on", "Litware: trading desk pilot"):
        found = deal(demo_repo, title)
        labels = results(demo_repo, "I'll call Priya Nair at Contoso Health by Friday", found)
        assert labels, title
        assert not [label for label in labels if label.startswith("so that") and
                    any(w in label.split() for w in ("saw", "agreed", "received", "met", "got"))], labels
    st_marys = completion_context(demo_repo, deal_id=deal(demo_repo, "Contoso: St Mary's hospital").id)
    offered = purposes(st_marys.playbook, st_marys.exit_criteria, kind=st_marys.kind)
    assert "so that the buyer saw a demo or trial and agreed it meets the success criteria" not in offered
    assert "to get the buyer to see a demo or trial and agree it meets the success criteria" in offered


def test_each_deal_has_its_kind_and_the_results_that_fit_it(demo_repo: Repository) -> None:
    kinds = {d.title: deal_kind(demo_repo, d) for d in demo_repo.all(Deal)}
    assert kinds["Globex: renewal FY27"] == RENEWAL
    assert kinds["Northwind: analytics add-on"] == EXPANSION == kinds["Fabrikam: North America expansion"]
    assert kinds["Globex: analytics module"] == EXPANSION  # Globex is renewing: a customer already
    assert kinds["Litware: trading desk pilot"] == NEW_LOGO == kinds["Contoso: Riverside clinic"]
    assert "to agree the scope and price of the expansion" in purposes(kind=EXPANSION)
    assert not [c for c in purposes(kind=NEW_LOGO) if "renew" in c]
    assert fits(PROSPECT[1], NEW_LOGO) and not fits(PROSPECT[1], RENEWAL) and not fits(PROSPECT[1], EXPANSION)
    assert not fits("Agree the renewal terms", NEW_LOGO) and fits("Agree the renewal terms", RENEWAL)
    assert fits(PROSPECT[1], "")  # a kind not known takes every step


def test_a_deals_own_open_steps_are_offered_except_the_one_answered(demo_repo: Repository) -> None:
    add_on = deal(demo_repo, "Northwind: analytics add-on")
    context = completion_context(demo_repo, deal_id=add_on.id)
    assert context.open_steps == ("walk through the analytics business case and agree a decision date",)
    answering = completion_context(demo_repo, deal_id=add_on.id,
                                   about="walk through the analytics business case and agree a decision date")
    assert answering.open_steps == ()
