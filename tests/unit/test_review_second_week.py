"""Tests the review's second-week fixes without a screen: a promise on track, what throwing away keeps, every answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.records import Action, ActionStatus, Kind, ReviewItem, ReviewKind
from salesplan_tui.core.plan.action_ops import complete
from salesplan_tui.core.review.agenda import build_agenda
from salesplan_tui.core.review.effects import effects
from salesplan_tui.core.review.markdown import review_markdown
from salesplan_tui.core.review.session import DONE, ReviewSession, start_review
from salesplan_tui.core.storage import Repository

from .workspace import CLOCK, applied, day, open_workspace

LATER = {"id": 2, "owner": "me", "target": "Ana Silva at Contoso", "outcome": "agree the pilot scope",
         "due": day(5).isoformat(), "deal_id": 1, "created_at": "2026-11-01T09:00:00Z"}
SPARE = {"id": 3, "owner": "me", "target": "Ben Ito at Contoso", "outcome": "get the security review booked",
         "due": day(-1).isoformat(), "created_at": "2026-11-01T09:00:00Z"}


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    with open_workspace(tmp_path, actions=[LATER, SPARE]) as opened:
        yield opened


def one_on_one(repo: Repository, items: list[ReviewItem] | None = None) -> ReviewSession:
    items = build_agenda(repo, CLOCK.today(), ReviewKind.ONE_ON_ONE, "Jill") if items is None else items
    review = applied(repo, start_review(repo, CLOCK, ReviewKind.ONE_ON_ONE, items, manager="Jill"))
    return ReviewSession(repo, review.id, CLOCK)


def promised_last_time(repo: Repository) -> None:
    """A finished one-on-one that committed to action 1 (overdue now) and action 2 (due in five days)."""
    last = one_on_one(repo, [])
    repo.apply(last._saved("promise", action_ids=[1, 2]))
    repo.apply(last.finish())


def test_a_promise_not_yet_due_is_on_track_with_its_date_and_confirmed_without_typing(repo: Repository) -> None:
    promised_last_time(repo)
    session = one_on_one(repo)
    carried = {i.ref_id: i for i in session.review.items if i.kind == Kind.COMMITMENT}
    assert carried[2].reason.startswith("on track:") and "due Sat 28 Nov" in carried[2].reason
    assert "on track" not in carried[1].reason and "still open" in carried[1].reason
    while session.item.ref_id != 2:
        with pytest.raises(ValidationFailed):
            session.confirm_on_track()  # an overdue promise needs an answer, not a nod
        repo.apply(session.skip("later"))
    change = session.confirm_on_track()
    repo.apply(change)
    assert "On track: agree the pilot scope" in change.message
    assert session.review.items[session.review.position - 1].state == "done"
    assert 2 in session.review.action_ids and repo.get(Action, 2).is_open
    repo.apply(session.finish())
    nxt = build_agenda(repo, CLOCK.today(), ReviewKind.ONE_ON_ONE, "Jill")
    assert (Kind.COMMITMENT, 2) in [(i.kind, i.ref_id) for i in nxt]  # asked about again next time
    assert "confirmed on track, due Sat 28 Nov" in review_markdown(repo, session.review)
    assert effects(repo, session.review).on_track == [repo.get(Action, 2)]


def test_throwing_a_review_away_says_each_change_to_the_plan_that_stays(repo: Repository) -> None:
    session = ReviewSession(repo, applied(repo, start_review(repo, CLOCK, ReviewKind.WEEKLY, [
        ReviewItem(kind=Kind.ACTION, ref_id=1, title="MSA"), ReviewItem(kind=Kind.ACTION, ref_id=3, title="security"),
        ReviewItem(kind=Kind.ACTION, ref_id=2, title="scope")])).id, CLOCK)
    verdict, answer = session.judge("By Friday I'll get Ana Silva at Contoso to return the signed MSA")
    repo.apply(answer)
    repo.apply(session.commit(owner="me", target=verdict.target, outcome=verdict.outcome, due=verdict.due,
                              sentence="…", fate=DONE))
    repo.apply(session.drop("no longer needed"))
    repo.apply(session.reschedule(day(9)))
    found = effects(repo, session.review)
    assert [len(found.made), len(found.done), len(found.dropped), len(found.rescheduled)] == [1, 1, 1, 1]
    change = session.discard()
    repo.apply(change)
    assert change.message.endswith(
        "Your plan keeps what it changed: 1 action it made, 1 marked done, 1 dropped and 1 rescheduled.")
    assert "with its 1 answer, notes and skips" in change.message
    assert repo.get(Action, 1).status == ActionStatus.DONE and repo.get(Action, 3).status == ActionStatus.DROPPED
    assert repo.get(Action, 2).due == day(9)  # it says they stay, and they do


def test_the_summary_shows_every_answer_on_an_item_not_only_the_last(repo: Repository) -> None:
    for done in (1, 2):  # the deal has no open step: it takes two answers to close
        repo.apply(complete(repo.get(Action, done), CLOCK))
    session = ReviewSession(repo, applied(repo, start_review(repo, CLOCK, ReviewKind.WEEKLY, [
        ReviewItem(kind=Kind.DEAL, ref_id=1, title="Contoso: pilot")])).id, CLOCK)
    for text in ("We should touch base soon",
                 "By Friday I'll get Ana Silva at Contoso to return the signed MSA",
                 "By Dec 4 I'll get Ben Ito at Contoso to book the [security] review"):
        verdict, answer = session.judge(text)
        repo.apply(answer)
        if verdict.specific:
            repo.apply(session.commit(owner="me", target=verdict.target, outcome=verdict.outcome, due=verdict.due,
                                      sentence=text))
    assert session.done
    text = review_markdown(repo, session.review)
    items = text.split("## Items")[1].split("##")[0]
    assert '✗ refused: "We should touch base soon"' in items
    assert "✓ \"By Friday I'll get Ana Silva at Contoso to return the signed MSA\"" in items
    assert '✓ "By Dec 4 I\'ll get Ben Ito at Contoso to book the [security] review"' in items
