"""What a hostile tester found in the coach (issue 21 follow-up), each held by its rule, not by its sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from salesplan_tui.core.coach import judge

TODAY = dt.date(2026, 12, 7)  # a Monday


@pytest.mark.parametrize(("text", "owner"), [
    ("Ravi, you need to get the security review signed off by Contoso's CISO by Friday", "Ravi"),
    ("Ravi, get the security review signed off by Contoso's CISO by Friday", "Ravi"),
    ("Ravi, please get the security review signed off by Contoso's CISO by Friday", "Ravi"),
    ("Ines, you have to get the DPA countersigned by Fabrikam's privacy officer by the 14th", "Ines"),
    ("Ines - you own getting the DPA countersigned by Fabrikam's privacy officer by the 14th", "Ines"),
    ("Tomas, you must have the MSA redlines returned by Brightline's counsel by Dec 10", "Tomas"),
    ("Lee, as agreed, send Halden Foods' buyer the signed quote by Wednesday", "Lee"),
])
def test_the_colleague_addressed_owns_what_they_are_told(text: str, owner: str) -> None:
    v = judge(text, today=TODAY)
    assert v.specific, v
    assert v.owner == owner
    assert v.outcome


def test_a_should_to_the_colleague_is_a_hedge() -> None:
    v = judge("Ines, you should get the DPA countersigned by Fabrikam's privacy officer by the 14th", today=TODAY)
    assert not v.specific and "commitment" in v.missing and v.owner == "Ines"


@pytest.mark.parametrize("text", [
    "Honestly, get the DPA countersigned by Fabrikam's privacy officer by the 14th",
    "So, get the DPA countersigned by Fabrikam's privacy officer by the 14th",
])
def test_an_opening_word_before_a_comma_is_no_colleague(text: str) -> None:
    assert judge(text, today=TODAY).owner == "me"


@pytest.mark.parametrize("span", ["next week", "this week", "later this week", "by next week"])
def test_a_week_is_a_span_not_a_day(span: str) -> None:
    v = judge(f"I'll get Dana Ruiz at Northwind to sign the order form {span}", today=TODAY)
    assert not v.specific and "due" in v.missing and v.due is None


@pytest.mark.parametrize(("phrase", "day"), [
    ("by end of next week", "2026-12-18"), ("by the end of this week", "2026-12-11"), ("Friday next week", "2026-12-18"),
])
def test_a_day_that_holds_the_week_is_still_a_day(phrase: str, day: str) -> None:
    v = judge(f"I'll get Dana Ruiz at Northwind to sign the order form {phrase}", today=TODAY)
    assert v.specific and v.due == dt.date.fromisoformat(day)


def test_a_week_named_inside_the_result_leaves_the_deadline_alone() -> None:
    v = judge("By Friday I'll get Dana Ruiz at Northwind to agree the kickoff for next week", today=TODAY)
    assert v.specific and v.due == dt.date(2026, 12, 11)


@pytest.mark.parametrize(("text", "target"), [
    ("By Friday I'll book three discovery calls with the Denver territory's new accounts",
     "the Denver territory's new accounts"),
    ("By Friday I'll book 5 demos with my APAC list's top 20 logos", "my APAC list's top 20 logos"),
    ("I'll get 3 of our Midwest region's hospitals to sign the pilot LOI by 12/15", "our Midwest region's hospitals"),
])
def test_a_group_bounded_by_a_possessive_is_the_whole_group(text: str, target: str) -> None:
    v = judge(text, today=TODAY)
    assert v.specific and v.target == target


@pytest.mark.parametrize("text", [
    "build rapport with their CFO next week By Friday I'll get Dana Ruiz at Northwind to agree the signature date",
    "build rapport with their CFO next week. By Friday I'll get Dana Ruiz at Northwind to agree the signature date",
])
def test_a_later_plan_of_its_own_is_read_apart_from_the_activity_before_it(text: str) -> None:
    v = judge(text, today=TODAY)
    assert v.specific and v.target == "Dana Ruiz at Northwind"
    assert v.outcome == "get Dana Ruiz at Northwind to agree the signature date"


@pytest.mark.parametrize("text", [
    "Mrs. Okafor liked it, so by Friday I'll have their CFO sign the order form",
    "Dana Ruiz, the CFO, loved the demo; by Friday I'll get their COO to approve the budget",
])
def test_their_never_stands_for_a_person(text: str) -> None:
    v = judge(text, today=TODAY)
    assert "'s C" not in (v.target or "") and not v.specific and "target" in v.missing


@pytest.mark.parametrize("text", [
    "by 12/18 to get 3 references agreed from Dana Ruiz at Northwind",
    "before Friday: to have the MSA signed by Globex's general counsel",
    "due the 14th, to get the DPA countersigned by Fabrikam's privacy officer",
])
def test_with_no_subject_only_the_owner_is_missing(text: str) -> None:
    v = judge(text, today=TODAY)
    assert v.missing == ["owner"] and v.outcome
    assert [f.text for f in v.flags if f.element == "owner"] != ["by"]
    assert all(f.text.lower() not in ("by", "before") for f in v.flags)
