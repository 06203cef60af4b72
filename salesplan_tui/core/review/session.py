"""Provides ReviewSession: each step of walking a review as one Change, saved after every step so it can be resumed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Any

from salesplan_tui.core.base.clock import Clock
from salesplan_tui.core.base.errors import ValidationFailed
from salesplan_tui.core.base.visible import printable
from salesplan_tui.core.base.words import plural
from salesplan_tui.core.coach import Judgement
from salesplan_tui.core.coach.lexicon import Lexicon
from salesplan_tui.core.dates.day_words import day_label, describe
from salesplan_tui.core.model.change import Change, WorkspaceView, new, require, revise
from salesplan_tui.core.model.records import Action, Answer, Kind, Review, ReviewItem, ReviewKind
from salesplan_tui.core.plan.action_ops import complete, drop, judge_answer, reschedule, rescheduled
from salesplan_tui.core.plan.rules import check
from salesplan_tui.core.review.agenda import item_needs_more, links_for, on_track
from salesplan_tui.core.review.effects import what_goes, what_stays

NEW, RESCHEDULE, DONE, DROPPED = "new", "reschedule", "done", "dropped"
_STOP = {"the", "a", "an", "to", "for", "of", "and", "with", "back", "get", "have", "on", "in", "by", "from", "our"}


def said(text: str) -> str:
    """An answer as the seller meant it: a pasted terminal sequence (a colour, a window title) left out whole, never
    half ("[31m" kept in an action's result), and tabs and line breaks read as the spaces they stand for."""
    return " ".join(printable(text).split())


def _words(text: str) -> set[str]:
    """The words that carry a result's meaning (a crude stem: 'signed' and 'sign' meet)."""
    return {w.rstrip("s").removesuffix("ed") for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in _STOP}


def start_review(view: WorkspaceView, clock: Clock, kind: ReviewKind, items: list[ReviewItem], *,
                 seller: str = "me", manager: str = "", fold: Review | None = None) -> Change:
    """A new review of the chosen items, at its first one; `fold` brings in a paused review's items not yet walked
    (after these, without repeats) and closes it, in the same write."""
    closed: tuple[Review, ...] = ()
    if fold is not None:
        have = {(i.kind, i.ref_id) for i in items if i.ref_id is not None}
        left = [i for i in fold.items[fold.position:] if i.state == "pending" and (i.kind, i.ref_id) not in have]
        items = [*items, *left]
        closed = (revise(fold, ended_at=clock.now(), end_note=f"folded into the {kind.label} of {day_label(clock.today())}"),)
    review = new(view, Review, kind=kind, seller=seller, manager=manager, items=items, started_at=clock.now())
    return Change(f"start {kind.label}", (review, *closed))


class ReviewSession:
    """One review being walked. Every method returns the Change for one step; the caller applies it.

    The review is read from the workspace each time, so it is always what was last saved.
    """

    def __init__(self, view: WorkspaceView, review_id: int, clock: Clock, lexicon: Lexicon | None = None) -> None:
        self.view = view
        self.review_id = review_id
        self.clock = clock
        self.lexicon = lexicon

    @property
    def review(self) -> Review:
        return require(self.view.get(Review, self.review_id), "review")

    @property
    def item(self) -> ReviewItem | None:
        review = self.review
        return review.items[review.position] if 0 <= review.position < len(review.items) else None

    @property
    def done(self) -> bool:
        return self.review.position >= len(self.review.items)

    # ----- building the review's next version --------------------------------------------------

    def _saved(self, label: str, *others: Any, message: str = "", warning: str = "", **changes: Any) -> Change:
        """A change holding the review with some fields changed, and other records saved with it."""
        return Change(label, (revise(self.review, **changes), *others), message, warning)

    def _closing(self, **item_changes: Any) -> dict[str, Any]:
        """The review's fields once the current item is closed (done or skipped) and the walk moves on."""
        review = self.review
        items = list(review.items)
        items[review.position] = items[review.position].model_copy(update=item_changes)
        return {"items": items, "position": review.position + 1, "draft": ""}

    def _current(self) -> ReviewItem:
        item = self.item
        if item is None:
            raise ValidationFailed.on("", "the review is finished")
        return item

    # ----- steps -------------------------------------------------------------------------------

    def judge(self, text: str, *, offered: bool = False) -> tuple[Judgement, Change]:
        """Judges an answer to "What's next?" and records it, accepted or refused (a refused one stays as the draft).

        Args:
            offered: the text is one of the coach's own offers, picked; refused again, it is no answer of the seller's
                to count among the refused ones, so only the draft keeps it.
        """
        text = said(text)
        item = self.item
        deal_id = links_for(self.view, item).get("deal_id") if item is not None else None
        verdict = judge_answer(self.view, text, today=self.clock.today(), lexicon=self.lexicon, deal_id=deal_id)
        review = self.review
        if offered and not verdict.specific:
            return verdict, Change("draft answer", (revise(review, draft=text),), undoable=False)
        record = Answer(item=review.position, text=text, accepted=verdict.specific, missing=verdict.missing,
                        question=verdict.question, at=self.clock.now())
        change = self._saved("answer in review", answers=[*review.answers, record],
                             draft="" if verdict.specific else text)
        return verdict, change

    def commit(self, *, owner: str, target: str, outcome: str, due: dt.date, sentence: str,
               fate: str = NEW, drop_reason: str = "") -> Change:
        """The confirmed answer as an action tied to the item, and the review listing it as a commitment, in one write.

        On an action item, `fate` says what becomes of the action answered for, so it never stays silently open:
        RESCHEDULE makes the answer that same action (its words, target and date, the slip recorded); DONE or
        DROPPED (with its reason) closes it and the answer is the next step after it. The item closes with the
        answer unless it is a deal that still lacks a second next step (the warning says so).
        """
        owner, target, outcome, sentence = said(owner), said(target), said(outcome), said(sentence)
        item = self._current()
        links = links_for(self.view, item)
        answered = self.view.get(Action, item.ref_id) if item.kind in (Kind.ACTION, Kind.COMMITMENT) else None
        if answered is not None and answered.is_open and fate not in (RESCHEDULE, DONE, DROPPED):
            raise ValidationFailed.on("fate", f"say what becomes of '{answered.outcome}': rescheduled, done or dropped")
        closed: list[Action] = []
        if answered is not None and answered.is_open and fate == RESCHEDULE:
            action = revise(answered, owner=owner, target=target, outcome=outcome, captured_from=sentence.strip(),
                            **rescheduled(answered, due, self.clock))
        else:
            if answered is not None and answered.is_open:
                ended = complete(answered, self.clock) if fate == DONE else drop(answered, drop_reason)
                closed = [r for r in ended.records if isinstance(r, Action)]
            action = new(self.view, Action, owner=owner, target=target, outcome=outcome, due=due,
                         captured_from=sentence.strip(), created_at=self.clock.now(), **links)
        review = self.review
        adding = 1 if links.get("deal_id") is not None and links["deal_id"] == item.ref_id else 0
        needs = item_needs_more(self.view, item, adding=adding)
        fields: dict[str, Any] = {"action_ids": [*review.action_ids, action.id], "draft": ""}
        if answered is not None and fate == RESCHEDULE and answered.due != action.due:
            fields["slips"] = [*review.slips, *action.slips[-1:]]
        if not needs:
            fields.update(self._closing(state="done"))
        return self._saved("commit a next step", action, *closed, message=f"Saved: {action.sentence}",
                           warning=needs or "", **fields)

    def guess_fate(self, outcome: str) -> str | None:
        """What an answer most likely means for the action answered for: the same result again (rescheduled); None
        otherwise, so the user is asked. Never done: an answer that shares no words with the action says nothing about
        whether it happened ("I make the meeting with Mrs. Okafor…" to "book three discovery calls"), and a manager
        expects a promise marked done only when the seller says so (d, or choosing done)."""
        item = self.item
        answered = self.view.get(Action, item.ref_id) if item and item.kind in (Kind.ACTION, Kind.COMMITMENT) else None
        if answered is None or not answered.is_open:
            return None
        old, new_words = _words(answered.outcome), _words(outcome)
        if not old:
            return None
        shared = len(old & new_words) / len(old)
        return RESCHEDULE if shared >= 0.6 else None

    def confirm_on_track(self) -> Change:
        """Confirms a promise not yet due as on track: the item closes, and the review lists the promise again among
        its commitments, so the next one-on-one asks about it once more."""
        self._current()
        action = on_track(self.view, self.item, self.clock.today())
        if action is None:
            raise ValidationFailed.on("", "only a promise not yet due can be confirmed as on track")
        review = self.review
        return self._saved("confirm on track", message=f"On track: {action.outcome}, due {describe(action.due, self.clock.today())}.",
                           action_ids=[*review.action_ids, action.id], **self._closing(state="done"))

    def complete_item(self) -> Change:
        """Closes the item and moves on; refused while a deal lacks its next two steps."""
        item = self._current()
        needs = item_needs_more(self.view, item)
        if needs:
            raise ValidationFailed.on("", needs)
        return self._saved("close a review item", **self._closing(state="done"))

    def skip(self, reason: str) -> Change:
        self._current()
        if not reason.strip():
            raise ValidationFailed.on("skip_reason", "say why the item is skipped")
        return self._saved("skip a review item", **self._closing(state="skipped", skip_reason=reason.strip()))

    def note(self, text: str) -> Change:
        item = self._current()
        joined = f"{item.notes}\n{text.strip()}" if item.notes else text.strip()
        items = list(self.review.items)
        items[self.review.position] = item.model_copy(update={"notes": joined})
        return self._saved("note in review", items=items)

    def save_draft(self, text: str) -> Change | None:
        """The half-typed answer, kept so that a closed app loses nothing; None when it is already saved."""
        if text == self.review.draft:
            return None
        return Change("draft answer", (revise(self.review, draft=text),), undoable=False)

    # ----- an action item: done, rescheduled or dropped, and the walk moves on -----------------

    def _action(self) -> Action:
        item = self._current()
        action = self.view.get(Action, item.ref_id) if item.kind in (Kind.ACTION, Kind.COMMITMENT) else None
        if action is None:
            raise ValidationFailed.on("", "done, reschedule and drop are for action items")
        return action

    def _with_action(self, step: Change, **review_changes: Any) -> Change:
        """The action's change and the review moving on, as one unit (one write, one undo)."""
        return Change(step.label, (*step.records, revise(self.review, **{**self._closing(state="done"), **review_changes})),
                      step.message)

    def mark_done(self) -> Change:
        # Not the plan's "Done. What's next?": the walk moves on, and the next item asks it on screen.
        action = self._action()
        return self._with_action(replace(complete(action, self.clock), message=f"Marked done: {action.outcome}."))

    def reschedule(self, due: dt.date, reason: str = "") -> Change:
        step = reschedule(self._action(), due, self.clock, reason)
        slips = step.first(Action).slips[-1:]
        return self._with_action(step, slips=[*self.review.slips, *slips])

    def drop(self, reason: str) -> Change:
        return self._with_action(drop(self._action(), reason))

    def end_early(self) -> Change:
        """Ends the review here: what was walked is kept, the rest is listed as not reached."""
        review = self.review
        left = sum(1 for i in review.items[review.position:] if i.state == "pending")
        note = f"ended early: {plural(left, 'item')} not reached" if left else ""
        return self._saved("end review early", ended_at=self.clock.now(), end_note=note,
                           findings_at_end=[f.key for f in check(self.view, self.clock.today())],
                           message=f"Review ended: {note or 'every item walked'}.")

    def skip_rest(self, reason: str) -> Change:
        """One reason for every item not yet walked ("not this week"), and the review ends."""
        if not reason.strip():
            raise ValidationFailed.on("skip_reason", "say why the rest is skipped")
        review = self.review
        items = [i.model_copy(update={"state": "skipped", "skip_reason": reason.strip()})
                 if n >= review.position and i.state == "pending" else i for n, i in enumerate(review.items)]
        return self._saved("skip the rest of the review", items=items, position=len(items), draft="",
                           ended_at=self.clock.now(), findings_at_end=[f.key for f in check(self.view, self.clock.today())])

    def discard(self) -> Change:
        """Throws the review away: it leaves the lists (undo brings it back); what it did to the plan stays, as said."""
        review = self.review
        return Change("discard review", (revise(review, archived=True, ended_at=review.ended_at or self.clock.now(),
                                                end_note="discarded"),),
                      f"Thrown away. {what_goes(review)} {what_stays(self.view, review)}")

    def finish(self, notes: str = "") -> Change:
        review = self.review
        open_findings = [f.key for f in check(self.view, self.clock.today())]
        return self._saved("finish review", ended_at=self.clock.now(), notes=notes or review.notes,
                           position=len(review.items), findings_at_end=open_findings)
