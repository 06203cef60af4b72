"""Provides WalkSteps: the review walk's keys other than answering, each one step through the app's write path.

Through an item: skip, note, done, reschedule, drop, on track. Out of the review: end here, skip the rest, throw it
away.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from salesplan_tui.core.dates.parser import parse_date
from salesplan_tui.core.model.change import Change
from salesplan_tui.core.model.records import Kind, ReviewKind
from salesplan_tui.core.review.agenda import on_track
from salesplan_tui.core.review.effects import what_goes, what_stays
from salesplan_tui.core.review.session import ReviewSession
from salesplan_tui.ui.access import WorkspaceAccess
from salesplan_tui.ui.screens.dialogs import ConfirmScreen, ReasonScreen
from salesplan_tui.ui.screens.review_summary import ReviewSummary


class WalkSteps(WorkspaceAccess, Screen[None]):
    """The walk's keys other than answering: each asks what it needs (a reason, a date, a yes) and takes one step."""

    scope = "walk"
    session: ReviewSession

    def action_skip(self) -> None:
        self.app.push_screen(ReasonScreen("Skip this item", "Why is it skipped? (it goes in the summary)"),
                             self._skipped)

    def _skipped(self, reason: str | None) -> None:
        if reason:
            self._step(lambda: self.session.skip(reason))

    def action_note(self) -> None:
        who = "Manager's note" if self.session.review.kind == ReviewKind.ONE_ON_ONE else "Note"
        self.app.push_screen(ReasonScreen(who, "A note on this item (kept in the review):"), self._noted)

    def _noted(self, text: str | None) -> None:
        if text:
            self.sp.apply(lambda: self.session.note(text))  # the change event shows it

    def _is_action_item(self) -> bool:
        item = self.session.item
        if item is None or item.kind not in (Kind.ACTION, Kind.COMMITMENT):
            self.notify("Done, reschedule and drop are for action items.", timeout=3)
            return False
        return True

    def action_on_track(self) -> None:
        if on_track(self.sp.repo, self.session.item, self.sp.today) is None:
            self.notify("On track is for a promise from the last one-on-one that is not yet due.", timeout=3)
            return
        self._step(self.session.confirm_on_track)

    def action_done(self) -> None:
        if self._is_action_item():
            self._step(self.session.mark_done)

    def action_reschedule(self) -> None:
        if not self._is_action_item():
            return
        today = self.sp.today

        def check(text: str) -> str | None:
            day = parse_date(text, today)
            if day is None:
                return f"{text!r} is not a date: try 'Friday', 'Dec 4', 'in 10 days'."
            return None if day > today else "The new date must be after today."

        self.app.push_screen(ReasonScreen("Reschedule", "New date? (the move is recorded as a slip)",
                                          placeholder="e.g. next Friday", check=check), self._rescheduled)

    def _rescheduled(self, text: str | None) -> None:
        day = parse_date(text, self.sp.today) if text else None
        if day is not None:
            self._step(lambda: self.session.reschedule(day))

    def action_drop(self) -> None:
        if self._is_action_item():
            self.app.push_screen(ReasonScreen("Drop this action", "Why is it dropped?"),
                                 lambda reason: self._step(lambda: self.session.drop(reason)) if reason else None)

    def _step(self, step: Callable[[], Change]) -> None:
        """One step of the walk through the app's one write path; the change event shows the next item."""
        self.sp.apply(step)

    def action_end_early(self) -> None:
        self.app.push_screen(ConfirmScreen("End the review here", [
            "What was walked is kept; the items not reached are listed as such in the summary."], "End it?"),
            lambda yes: self._end(self.session.end_early) if yes else None)

    def action_skip_rest(self) -> None:
        self.app.push_screen(ReasonScreen("Skip the rest", "One reason for every item left (it goes in the summary):",
                                          placeholder="e.g. not this week"),
                             lambda reason: self._end(lambda: self.session.skip_rest(reason)) if reason else None)

    def action_discard(self) -> None:
        review = self.session.review
        self.app.push_screen(ConfirmScreen("Throw this review away", [
            f"{what_goes(review)} ctrl+z brings it back.", what_stays(self.sp.repo, review)],
            "Throw it away?"), lambda yes: self._discard() if yes else None)

    def _end(self, step: Callable[[], Change]) -> None:
        if self.sp.apply(step) is not None:
            self.dismiss(None)
            self.app.push_screen(ReviewSummary(self.session.review_id))

    def _discard(self) -> None:
        if self.sp.apply(self.session.discard) is not None and self.app.screen is self:
            self.dismiss(None)
