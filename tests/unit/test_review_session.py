"""Tests walking a review without a screen: the agenda, each step as one unit of work, and undo of a step."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.model.records import Action, ActionStatus, Kind, Review, ReviewKind
from salesplan_tui.core.review.agenda import build_agenda, item_needs_more
from salesplan_tui.core.review.session import DONE, DROPPED, RESCHEDULE, ReviewSession, start_review
from salesplan_tui.core.storage import Repository

from .workspace import CLOCK, applied, day, open_workspace


def walk(repo: Repository, kind: ReviewKind = ReviewKind.WEEKLY, manager: str = "") -> ReviewSession:
    items = build_agenda(repo, CLOCK.today(), kind, manager)
    review = applied(repo, start_review(repo, CLOCK, kind, items, manager=manager))
    return ReviewSession(repo, review.id, CLOCK)


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    with open_workspace(tmp_path) as opened:
        yield opened


def test_the_agenda_puts_the_overdue_action_before_its_deal(repo: Repository) -> None:
    items = build_agenda(repo, CLOCK.today(), ReviewKind.WEEKLY)
    kinds = [(i.kind, i.ref_id) for i in items]
    assert kinds.index((Kind.ACTION, 1)) < kinds.index((Kind.DEAL, 1))


def test_a_committed_step_and_its_place_in_the_review_are_one_undo(repo: Repository) -> None:
    session = walk(repo)
    assert session.item.kind == Kind.ACTION
    verdict, answer = session.judge("By Friday I'll get Ana Silva at Contoso to return the signed MSA")
    repo.apply(answer)
    assert verdict.specific and session.review.answers[-1].accepted
    change = session.commit(owner="me", target=verdict.target, outcome=verdict.outcome, due=verdict.due,
                            sentence="By Friday …", fate=DONE)
    repo.apply(change)
    action = change.records[1]  # the review first, then the new next step, then the answered action closed
    assert session.review.action_ids == [action.id] and session.review.position == 1
    label, changed = repo.undo()
    assert label == "commit a next step"
    assert changed.of_kind(Kind.ACTION) == {action.id, 1} and changed.of_kind(Kind.REVIEW) == {session.review_id}
    assert repo.get(Action, action.id) is None and repo.get(Action, 1).is_open  # the answered one reopened too
    assert session.review.action_ids == [] and session.review.position == 0
    with Repository(repo.path, read_only=True) as kept:
        assert kept.get(Action, action.id) is None and kept.get(Review, session.review_id).action_ids == []


def test_a_deal_item_stays_open_until_it_has_two_next_steps(repo: Repository) -> None:
    session = walk(repo)
    while session.item.kind != Kind.DEAL:
        repo.apply(session.skip("not this week"))
    deal_item = session.review.position
    assert item_needs_more(repo, session.item) is not None  # one open step
    with pytest.raises(ValidationFailed):
        session.complete_item()
    first = session.commit(owner="me", target="Ana Silva at Contoso", outcome="agree the pilot scope",
                           due=day(4), sentence="…")
    assert first.warning == ""  # the deal's one old step and this one make two
    repo.apply(first)
    assert session.review.position == deal_item + 1


def test_done_reschedule_and_drop_change_the_action_and_move_on_together(repo: Repository) -> None:
    session = walk(repo)
    change = session.mark_done()
    assert {type(r) for r in change.records} == {Action, Review}
    # The walk moves on and its next item asks "What's next?" on screen: the toast says what was done.
    assert change.message == f"Marked done: {repo.get(Action, 1).outcome}."
    repo.apply(change)
    assert repo.get(Action, 1).status == ActionStatus.DONE and session.review.position == 1
    repo.undo()
    assert repo.get(Action, 1).is_open and session.review.position == 0
    repo.apply(session.reschedule(day(5), "travel"))
    assert repo.get(Action, 1).due == day(5) and [s.new for s in session.review.slips] == [day(5)]
    repo.undo()
    with pytest.raises(ValidationFailed):
        session.drop("")
    repo.apply(session.drop("Ana left"))
    assert repo.get(Action, 1).status == ActionStatus.DROPPED


def test_refused_answers_are_kept_and_the_draft_holds_the_words(repo: Repository) -> None:
    session = walk(repo)
    verdict, change = session.judge("We should touch base soon")
    repo.apply(change)
    assert not verdict.specific and session.review.draft == "We should touch base soon"
    assert session.save_draft("We should touch base soon") is None  # nothing new to save
    repo.apply(session.finish("good week"))
    assert session.review.finished and session.done and session.review.notes == "good week"


def test_skip_needs_a_reason_and_a_finished_review_refuses_steps(repo: Repository) -> None:
    session = walk(repo)
    with pytest.raises(ValidationFailed):
        session.skip("  ")
    while not session.done:
        repo.apply(session.skip("not this week"))
    assert all(i.state == "skipped" and i.skip_reason == "not this week" for i in session.review.items)
    with pytest.raises(ValidationFailed):
        session.note("late thought")


def test_an_answer_on_an_overdue_action_never_leaves_it_open_beside_a_copy(repo: Repository) -> None:
    session = walk(repo)
    answered = repo.get(Action, 1)
    sentence = "By Wednesday I will get the redlined MSA back from Ana Silva in Northwind procurement"
    with pytest.raises(ValidationFailed) as asked:
        session.commit(owner="me", target="Ana Silva", outcome="get the redlined MSA back", due=day(2),
                       sentence=sentence)
    assert "what becomes of 'get the MSA back'" in asked.value.errors["fate"]
    assert session.guess_fate("get the redlined MSA back from Ana") == RESCHEDULE
    # Sharing no words with it says nothing about whether it was done: asked, never preset to done.
    assert session.guess_fate("book the kick-off workshop") is None
    assert session.guess_fate("signing the order until Thursday") is None
    repo.apply(session.commit(owner="me", target="Ana Silva", outcome="get the redlined MSA back", due=day(2),
                              sentence=sentence, fate=RESCHEDULE))
    same = repo.get(Action, 1)
    assert same.outcome == "get the redlined MSA back" and same.target == "Ana Silva" and same.due == day(2)
    assert [s.old for s in same.slips] == [answered.due] and same.captured_from == sentence
    assert [a.id for a in repo.all(Action) if a.is_open and "MSA" in a.outcome] == [1]  # no second copy
    assert session.review.action_ids == [1] and [s.new for s in session.review.slips] == [day(2)]


def test_a_new_next_step_closes_the_old_action_as_dropped_with_its_reason(repo: Repository) -> None:
    session = walk(repo)
    with pytest.raises(ValidationFailed):
        session.commit(owner="me", target="Ana Silva", outcome="book the signing call", due=day(3), sentence="…",
                       fate=DROPPED)  # a drop needs its reason
    change = session.commit(owner="me", target="Ana Silva", outcome="book the signing call", due=day(3),
                            sentence="…", fate=DROPPED, drop_reason="legal took it over")
    repo.apply(change)
    assert repo.get(Action, 1).status == "dropped" and repo.get(Action, 1).drop_reason == "legal took it over"
    assert change.records[1].id != 1 and repo.get(Action, change.records[1].id).is_open


def test_a_review_can_end_early_skip_the_rest_in_one_reason_or_be_thrown_away(repo: Repository) -> None:
    session = walk(repo)
    total = len(session.review.items)
    repo.apply(session.skip("later"))
    repo.apply(session.end_early())
    assert session.review.finished and session.review.position == 1
    assert session.review.end_note == f"ended early: {total - 1} item{'s' if total - 1 != 1 else ''} not reached"

    second = walk(repo)
    repo.apply(second.skip_rest("not this week"))
    assert second.done and second.review.finished
    assert {i.skip_reason for i in second.review.items} == {"not this week"}

    third = walk(repo)
    repo.apply(third.commit(owner="me", target="Ana Silva", outcome="get the MSA back", due=day(3), sentence="…",
                            fate=RESCHEDULE))
    change = third.discard()
    repo.apply(change)
    assert "Your plan keeps what it changed: 1 rescheduled." in change.message  # the same action, not a new one
    assert third.review_id not in [r.id for r in repo.all(Review)] and repo.get(Action, 1).due == day(3)


def test_a_paused_review_folds_into_the_one_on_one_without_repeats(repo: Repository) -> None:
    paused = walk(repo)
    left = [(i.kind, i.ref_id) for i in paused.review.items]
    items = build_agenda(repo, CLOCK.today(), ReviewKind.ONE_ON_ONE, "Jill")
    change = start_review(repo, CLOCK, ReviewKind.ONE_ON_ONE, items[:1], manager="Jill", fold=paused.review)
    repo.apply(change)
    one_on_one, closed = change.records
    assert [(i.kind, i.ref_id) for i in one_on_one.items] == [(items[0].kind, items[0].ref_id)] + [
        k for k in left if k != (items[0].kind, items[0].ref_id)]
    assert closed.id == paused.review_id and closed.finished and "folded into the one-on-one" in closed.end_note


def test_the_markdown_says_what_became_of_every_item_and_names_what_was_rescheduled(repo: Repository) -> None:
    from salesplan_tui.core.review.markdown import review_markdown

    session = walk(repo)
    repo.apply(session.reschedule(day(6), "Ana is away"))
    repo.apply(session.skip_rest("not this week"))
    text = review_markdown(repo, session.review)
    assert "- get the MSA back: rescheduled" in text and f"→ {day(6):%a %d %b}" in text
    assert "## Rescheduled" in text and f"- get the MSA back: {day(-2):%a %d %b} → {day(6):%a %d %b}: Ana is away" in text
    assert text.count("skipped (not this week)") == len(session.review.items) - 1


def test_a_pasted_terminal_sequence_never_reaches_the_answer_or_the_action_half_eaten(repo: Repository) -> None:
    session = walk(repo)
    pasted = "By Friday\tI'll get\nAna Silva at Contoso to return the signed MSA \x1b[31m[b]ok[/b]\x1b[0m\x1b]0;pwned\x07"
    verdict, answer = session.judge(pasted)
    repo.apply(answer)
    kept = session.review.answers[-1].text
    assert kept == "By Friday I'll get Ana Silva at Contoso to return the signed MSA [b]ok[/b]"
    change = session.commit(owner="me", target=verdict.target, outcome=verdict.outcome + " \x1b[31mred\x1b[0m",
                            due=verdict.due, sentence=pasted, fate=DONE)
    repo.apply(change)
    action = change.records[1]
    assert isinstance(action, Action) and "\x1b" not in action.outcome + action.captured_from
    assert "[31m" not in action.outcome and action.outcome.endswith(" red")
    assert action.captured_from == kept
