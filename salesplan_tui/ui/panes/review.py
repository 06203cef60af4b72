"""Provides the Review pane: start a weekly review or a one-on-one, resume a paused one, browse past ones."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from salesplan_tui.core.dates.day_words import day_label
from salesplan_tui.core.model.records import Kind, Review, ReviewItem, ReviewKind
from salesplan_tui.ui import screens
from salesplan_tui.ui.actions import bindings
from salesplan_tui.ui.panes.base import Pane
from salesplan_tui.ui.text import assemble, plural, shown
from salesplan_tui.ui.widgets.kept_list import KeptList

INTRO = ("A review asks \"What's next?\" for everything that needs it, and does not take a vague answer.\n"
         "w weekly review · o one-on-one with your manager · r resume a paused review · enter opens a past one")
READ_ONLY_INTRO = INTRO.rsplit("\n", 1)[0] + "\nRead-only: enter opens a past review"  # no review can start here


class ReviewPane(Pane):
    """Past and paused reviews, and the keys that start a new one."""

    scope = "review"
    watches = (Kind.REVIEW,)
    BINDINGS = bindings("review")

    def compose(self) -> ComposeResult:
        yield Static(shown(READ_ONLY_INTRO if self.repo.read_only else INTRO, multiline=True), id="review-intro")
        yield KeptList(id="review-list")

    def focus_main(self) -> None:
        self.focus_now(self.query_one("#review-list"))

    def reload(self) -> None:
        super().reload()
        reviews = sorted(self.repo.all(Review), key=lambda r: r.started_at, reverse=True)
        self._ids = [r.id for r in reviews]
        options = []
        for r in reviews:
            kind = f"One-on-one with {r.manager}" if r.kind == ReviewKind.ONE_ON_ONE else "Weekly review"
            done = sum(1 for i in r.items if i.state != "pending")
            refused = sum(1 for a in r.answers if not a.accepted)
            state = ((r.end_note or "finished", "$success") if r.finished
                     else ("paused: r resumes", "bold $warning"))
            options.append(Option(assemble(
                (f"{day_label(r.started_at.astimezone().date(), self.today)}  ", "dim"), shown(kind, "bold"), "  ", state, "\n",
                (f"   {done} of {len(r.items)} items · {plural(len(r.action_ids), 'commitment')} · "
                 f"{plural(refused, 'answer')} refused", "dim"),
            ), id=str(r.id)))
        listing = self.query_one("#review-list", OptionList)
        listing.set_options(options or [Option(Content("No reviews yet: press w for a weekly review."), disabled=True)])
        if options:
            listing.highlighted = 0

    def action_start(self, kind: str) -> None:
        if not self.writable():
            return
        wanted = ReviewKind(kind)
        paused = self._paused()
        if paused is None:
            self.app.push_screen(screens.StartReview(wanted), self._begin)
            return
        # A paused review never blocks the next one: resume it, bring what it did not reach, or throw it away.
        left = sum(1 for i in paused.items[paused.position:] if i.state == "pending")
        what = paused.kind.label
        choices = [(f"Resume the paused {what} ({plural(left, 'item')} left)", "resume"),
                   (f"Start the {wanted.label} and bring the paused {what}'s {plural(left, 'item')} into it", "fold"),
                   (f"Throw the paused {what} away ({plural(len(paused.answers), 'answer')} dropped from the list, "
                    f"its {plural(len(paused.action_ids), 'action')} kept) and start the {wanted.label}", "discard")]
        self.app.push_screen(screens.PickScreen(f"A {what} from {day_label(paused.started_at.astimezone().date(), self.today)} is paused", choices),
                             lambda choice: self._with_paused(choice, paused, wanted))

    def _with_paused(self, choice: str | None, paused: Review, wanted: ReviewKind) -> None:
        from salesplan_tui.core.review.session import ReviewSession

        if choice == "resume":
            self._walk(paused)
        elif choice == "fold":
            self.app.push_screen(screens.StartReview(wanted), lambda chosen: self._begin(chosen, fold=paused))
        elif choice == "discard":
            session = ReviewSession(self.repo, paused.id, self.sp.clock, self.sp.lexicon)
            if self.sp.apply(session.discard) is not None:
                self.app.push_screen(screens.StartReview(wanted), self._begin)

    def _begin(self, chosen: tuple[ReviewKind, str, str, list[ReviewItem]] | None, fold: Review | None = None) -> None:
        if chosen is None:
            return
        kind, seller, manager, items = chosen
        from salesplan_tui.core.review.session import start_review

        started = self.sp.apply(lambda: start_review(self.repo, self.sp.clock, kind, items, seller=seller,
                                                     manager=manager, fold=fold))
        if started is not None:
            self._walk(started.first(Review))

    def _walk(self, review: Review) -> None:
        from salesplan_tui.core.review.session import ReviewSession

        self.app.push_screen(screens.ReviewWalk(ReviewSession(self.repo, review.id, self.sp.clock, self.sp.lexicon)))

    def _paused(self) -> Review | None:
        return next((r for r in sorted(self.repo.all(Review), key=lambda r: r.started_at, reverse=True)
                     if not r.finished), None)

    def action_resume(self) -> None:
        review = self._paused()
        if review is None:
            self.notify("No paused review. w starts a weekly review.", timeout=3)
            return
        if self.writable():
            self._walk(review)

    @on(OptionList.OptionSelected, "#review-list")
    def action_open_past(self) -> None:
        listing = self.query_one("#review-list", OptionList)
        if listing.highlighted is None or not self._ids:
            return
        review = self.repo.get(Review, self._ids[listing.highlighted])
        if review is None:
            return
        if review.finished:
            self.app.push_screen(screens.ReviewSummary(review.id))
        else:
            self.action_resume()
