"""Tests that the coach gives a saved action the verdict it gave when the action was said: refused answers completed
along every offer path, saved, the workspace opened again, and what was saved judged again as the next review, the
one-on-one and `salesplan judge` judge it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.coach import judge
from salesplan_tui.core.exchange.demo import open_demo
from salesplan_tui.core.model.records import Action, Deal
from salesplan_tui.core.plan.action_ops import capture, judge_answer
from salesplan_tui.core.plan.completion_context import as_stored, offers_for, spelled_names
from salesplan_tui.core.review.agenda import vague_outcome
from salesplan_tui.core.storage import Repository
from tests.conftest import TODAY

REFUSED = [
    "follow up with globex on next steps",
    "we need to follow up",
    "I'll touch base with everyone involved soon",
    "need to get them to confirm the budget owner asap",
    "we should set up a QBR w/ contoso sometime in december",
    "ping dana about the contract",
    "maybe I'll email priya",
]
DEALS = ["Globex: renewal FY27", "Contoso: network-wide licence", "Northwind: analytics add-on", None]
DEPTH = 5  # picks at most: promise, who, whom, result, day


def paths(repo: Repository, text: str, deal_id: int | None, depth: int = 0) -> Iterator[str]:
    """Every plan the offers make of an answer: at each refusal, each element's offers in turn (the first of each at
    depth, so the paths stay a few hundred), each path judged again after each pick, as the app does."""
    verdict = judge_answer(repo, text, today=TODAY, deal_id=deal_id)
    if verdict.specific:
        yield text
        return
    assert depth < DEPTH, f"still refused after {DEPTH} picks: {text!r}"
    found = offers_for(repo, text, verdict, TODAY, deal_id=deal_id)
    assert found, f"refused with nothing offered: {text!r}"
    elements: dict[str, int] = {}
    for offer in found:
        elements[offer.element] = elements.get(offer.element, 0) + 1
        if offer.blank or (depth > 0 and elements[offer.element] > 1):
            continue  # a pattern is the seller's to fill
        yield from paths(repo, offer.text, deal_id, depth + 1)


def test_every_offer_path_saves_a_plan_that_is_judged_the_same_when_read_again(tmp_path: Path) -> None:
    repo = open_demo(TODAY, folder=tmp_path)
    clock = Clock.on(TODAY)
    deal_ids = {title: next(d.id for d in repo.all(Deal) if d.title == title) if title else None for title in DEALS}
    saved: dict[int, tuple[str, int | None]] = {}
    for title, deal_id in deal_ids.items():
        for answer in REFUSED:
            for plan in dict.fromkeys(paths(repo, answer, deal_id)):
                stored = as_stored(repo, plan, today=TODAY, deal_id=deal_id)  # as the walk and the forms save it
                verdict = judge_answer(repo, stored, today=TODAY, deal_id=deal_id)
                change = capture(repo, clock, verdict, stored, deal_id=deal_id)
                repo.apply(change)
                saved[change.records[0].id] = (title or "", deal_id)
    path = repo.path
    repo.close()
    assert len(saved) > 50

    with Repository(path, read_only=True) as again:
        for action_id, (title, deal_id) in saved.items():
            action = again.get(Action, action_id)
            assert action is not None
            said = action.captured_from
            fields = (action.owner, action.target, action.outcome, action.due)
            at_capture = judge_answer(again, said, today=TODAY, deal_id=deal_id)
            anywhere = judge(said, today=TODAY)  # `salesplan judge`, which knows no workspace
            assert at_capture.specific and anywhere.specific, (title, said, anywhere.question)
            assert (at_capture.owner, at_capture.target, at_capture.outcome, at_capture.due) == fields, (title, said)
            assert (anywhere.owner, anywhere.target, anywhere.outcome, anywhere.due) == fields, (title, said)
            assert vague_outcome(action, TODAY) is None, (title, said)  # the next review and the one-on-one
            later = judge(said, today=TODAY + dt.timedelta(days=1))
            assert later.due == action.due, (title, said)  # the days the offers put in are days, not "tomorrow"


def test_names_are_spelled_as_the_workspace_has_them_only_where_the_answer_was_aimed(tmp_path: Path) -> None:
    repo = open_demo(TODAY, folder=tmp_path)
    licence = next(d.id for d in repo.all(Deal) if d.title == "Contoso: network-wide licence")
    assert spelled_names(repo, "get priya's sign-off w/ contoso", "Priya Nair", deal_id=licence) == (
        "get Priya Nair's sign-off w/ contoso")  # contoso is not who it is aimed at
    assert spelled_names(repo, "meet contoso health by Friday", "contoso health") == "meet Contoso Health by Friday"
    plan = "By Friday I'll get Priya Nair at Contoso Health to confirm the budget owner"
    assert as_stored(repo, plan, today=TODAY, deal_id=licence) == plan  # already as the workspace has it
    vague = "follow up with globex"
    assert as_stored(repo, vague, today=TODAY) == vague  # no plan: nothing to store
    repo.close()


def test_salesplan_add_stores_the_sentence_the_app_would(tmp_path: Path) -> None:
    from salesplan_tui.core.capture.quick import add

    repo = open_demo(TODAY, folder=tmp_path)
    path = repo.path
    repo.close()
    said = "fri - call dana at northwind to get the PO issued"
    captured = add(path, said, today=TODAY, clock=Clock.on(TODAY))
    assert captured.action is not None
    stored = captured.action.captured_from
    assert "Dana Ruiz" in stored and "Northwind Traders" in stored
    anywhere = judge(stored, today=TODAY)
    assert anywhere.specific and (anywhere.target, anywhere.due) == (captured.action.target, captured.action.due)


def test_their_role_made_someone_by_the_deal_is_stored_with_the_deals_customer(tmp_path: Path) -> None:
    repo = open_demo(TODAY, folder=tmp_path)
    licence = next(d for d in repo.all(Deal) if d.title == "Contoso: network-wide licence")
    said = "By Friday I'll get their CFO to approve the budget"
    assert judge_answer(repo, said, today=TODAY, deal_id=licence.id).specific  # the deal's contacts make it someone
    stored = as_stored(repo, said, today=TODAY, deal_id=licence.id)
    at_capture = judge_answer(repo, stored, today=TODAY, deal_id=licence.id)
    anywhere = judge(stored, today=TODAY)  # `salesplan judge`, which knows no deal
    assert "their CFO" not in stored and "'s CFO" in stored
    assert at_capture.specific and anywhere.specific, anywhere.question
    assert (anywhere.owner, anywhere.target, anywhere.outcome, anywhere.due) == (
        at_capture.owner, at_capture.target, at_capture.outcome, at_capture.due)
    repo.close()
