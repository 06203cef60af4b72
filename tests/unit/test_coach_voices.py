"""Runs the coach over answers in voices it was not built from (issue 21): held-out rates, dev lines, and what is saved.

coach_voices.jsonl was written blind and is the held-out measure: only its rates are asserted, never its lines, so
the judge is not tuned to its sentences. coach_voices_dev.jsonl holds our own answers in the same families, the ones
the rules were tuned on.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from salesplan_tui.core.coach import judge

DATA = Path(__file__).resolve().parents[1] / "data"
MONDAY = dt.date(2026, 11, 23)
# Issue 21 asks for 95% of each, and the held-out set is held to it (when this was written: accept 98.4%, 121/123;
# refuse 99.3%, 137/138).
REFUSE_AT_LEAST = 0.95
ACCEPT_AT_LEAST = 0.95


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _passes(example: dict) -> bool:
    """The checks of test_coach_eval.test_labelled_answer, as a yes or no; names compared in any case."""
    known = example.get("known") or {}
    v = judge(example["text"], today=MONDAY, accounts=known.get("accounts", ()), contacts=known.get("contacts", ()))
    if not example["specific"]:
        return (not v.specific and bool(set(v.missing) & set(example["missing"])) and bool(v.question)
                and bool(v.flags or "due" in v.missing))
    earliest, latest = (dt.date.fromisoformat(d) for d in example["due"])
    return (v.specific and v.due is not None and earliest <= v.due <= latest
            and (v.owner or "").lower() == example["owner"].lower()
            and all(f.lower() in (v.target or "").lower() for f in example.get("target", []))
            and bool(v.outcome) and v.question == "")


def _rates(examples: list[dict]) -> tuple[float, float]:
    plans = [e for e in examples if e["specific"]]
    vague = [e for e in examples if not e["specific"]]
    return (sum(map(_passes, plans)) / len(plans), sum(map(_passes, vague)) / len(vague))


def test_the_held_out_voices_are_judged_at_the_rates_reached() -> None:
    accepted, refused = _rates(_load("coach_voices.jsonl"))
    assert refused >= REFUSE_AT_LEAST, refused
    assert accepted >= ACCEPT_AT_LEAST, accepted


def test_the_dev_voices_are_judged_at_the_rates_reached() -> None:
    accepted, refused = _rates(_load("coach_voices_dev.jsonl"))
    assert refused >= 0.93, refused
    assert accepted >= 0.92, accepted


# ----- what is saved keeps its meaning ---------------------------------------------------------------------------

def test_a_result_that_points_back_keeps_what_it_points_at() -> None:
    v = judge("EOD thurs: email Raj at Initech w/ 3 times for the security review, get one booked", today=MONDAY)
    assert v.specific
    assert "security review" in v.outcome and "get one booked" in v.outcome


def test_an_organisation_keeps_all_its_words() -> None:
    v = judge("I will call Dana at Massive Dynamic, Inc. by Friday to get the PO issued.", today=MONDAY)
    assert v.target == "Dana at Massive Dynamic, Inc."
    v = judge("By the 15th I will get the renewal countersigned by Bramble & Oak's finance director.", today=MONDAY)
    assert "Bramble & Oak" in v.target


def test_a_date_inside_the_result_stays_in_it() -> None:
    v = judge("By Friday I will get Dana at Acme to agree the kickoff on Dec 17.", today=MONDAY)
    assert v.due == dt.date(2026, 11, 27)
    assert v.outcome.endswith("on Dec 17")


def test_a_long_answer_s_result_ends_with_its_sentence() -> None:
    v = judge("By Friday I will get the Acme CFO to approve the budget. The team has been slow. Legal wants a new "
              "template.", today=MONDAY)
    assert v.outcome == "get the Acme CFO to approve the budget"


# ----- rules by family, in our own words --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "owner"), [
    ("Beatriz, you're getting the master agreement signed by Kettering Foods' CFO by the 11th.", "Beatriz"),
    ("Olu owns the Penrose Labs expansion: their VP Engineering's approval of the seat count by Dec 9.", "Olu"),
    ("@lena to get the SSO configuration approved by Orbital Freight's IT lead on Thursday", "lena"),
    ("Pricing sign-off from Marlowe Cinemas' finance director by 12/8. Owner: Jonas", "Jonas"),
    ("Chidi's next step is to get the budget approved by Sable Mining's COO by the 4th.", "Chidi"),
])
def test_the_manager_names_the_owner(text: str, owner: str) -> None:
    v = judge(text, today=MONDAY)
    assert v.specific, v.missing
    assert v.owner == owner


@pytest.mark.parametrize("text", [
    "By Thursday I'll build rapport with Ian Shaw at Corby Metals.",
    "I'll get the Delmar Tools finance team up to speed on the pricing by the 3rd.",
    "I'm going to get Vela Retail's COO to think about a bigger rollout by the 10th.",
    "On Wednesday I'll walk Omar Said at Dune Logistics through the security model.",
    "I reckon I can get Pike Bank's CFO to sign by the 9th.",
    "Either Sam or I will get the order form signed by Cove Health's GC by the 8th.",
    "I'll get the MSA signed by Holt & Pike's counsel in mid-January.",
    "Procurement at Vela Retail will issue the PO by the 12th.",
    "ping finance re: invoicing for Umbra by fri",
])
def test_activity_soft_promises_spans_and_teams_are_refused(text: str) -> None:
    assert not judge(text, today=MONDAY).specific


def test_a_hedge_about_something_else_does_not_refuse_the_plan() -> None:
    v = judge("I can't promise finance will love the discount, but by the 10th I will have Ardent Labs' CEO sign "
              "the order.", today=MONDAY)
    assert v.specific, v.missing


def test_a_field_line_is_one_answer() -> None:
    v = judge("12/9 | Delmar Tools | MSA countersigned | me", today=MONDAY)
    assert v.specific and v.owner == "me" and v.due == dt.date(2026, 12, 9) and "Delmar Tools" in v.target
    assert not judge("12/9 | Delmar Tools | touch base | me", today=MONDAY).specific
