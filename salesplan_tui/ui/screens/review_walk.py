"""Provides the review walk: one item at a time, "What's next?", and no vague answer taken."""

from __future__ import annotations


from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar, Static

from ..access import WorkspaceAccess
from ...core.coach import Judgement
from ...core.dates import describe
from ...core.models import ReviewKind
from ...core.review import ReviewSession, item_context
from ...core.storage import StorageError
from ..widgets.date_input import DateInput
from .action_form import verdict_content
from .dialogs import ReasonScreen
from .review_summary import ReviewSummary


DRAFT_DELAY = 0.8  # seconds of quiet typing before the draft is saved


class ReviewWalk(WorkspaceAccess, Screen[None]):
    """Walks the agenda. enter answers; a plan is shown to confirm, hand-waving is asked again."""

    # Priority: the answer box has focus, and Input binds ctrl+d (delete) and ctrl+x (cut) itself.
    BINDINGS = [
        Binding("escape", "pause", "Pause", priority=True),
        Binding("ctrl+s", "skip", "Skip (say why)", priority=True),
        Binding("ctrl+o", "note", "Note", priority=True),
        Binding("ctrl+d", "done", "Done", show=False, priority=True),
        Binding("ctrl+r", "reschedule", "Reschedule", show=False, priority=True),
        Binding("ctrl+x", "drop", "Drop", show=False, priority=True),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.pending: Judgement | None = None
        self.pending_text = ""
        self._draft_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="walk"):
            with Horizontal(id="walk-top"):
                yield Static(id="walk-title")
                yield ProgressBar(id="walk-progress", show_eta=False)
            with VerticalScroll(id="walk-body"):
                yield Static(id="walk-item")
                yield Static(id="walk-context")
                yield Static(id="walk-notes")
                yield Static(Content.assemble(("What's next?", "bold $accent")), id="walk-ask")
                yield Input(placeholder="By when, who does what, with whom, to get what result?", id="answer", compact=True)
                yield Static(id="walk-feedback")
                with Vertical(id="confirm", classes="hidden"):
                    for name, label in (("owner", "Who is responsible"), ("target", "Aimed at"),
                                        ("outcome", "Result it must get")):
                        with Horizontal(classes="field-row"):
                            yield Static(Content(label), classes="field-label")
                            yield Input(id=f"c-{name}", compact=True)
                    with Horizontal(classes="field-row"):
                        yield Static(Content("By when"), classes="field-label")
                        yield DateInput(None, self.sp.today, id="c-due")
                    yield Static(id="confirm-error", classes="error")
            yield Static(id="walk-keys", classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query("#c-due Input"):
            field.compact = True  # type: ignore[attr-defined]
        self.render_item(draft=self.session.review.draft)

    # ----- drawing -----------------------------------------------------------------------------

    def render_item(self, *, draft: str = "", feedback: Content | str = "") -> None:
        session = self.session
        review = session.review
        if session.done:
            self._finish()
            return
        item = session.item
        assert item is not None
        total = len(review.items)
        kind = f"One-on-one with {review.manager}" if review.kind == ReviewKind.ONE_ON_ONE else "Weekly review"
        self.query_one("#walk-title", Static).update(Content.assemble(
            (kind, "bold"), f"   {review.position + 1} of {total}"))
        self.query_one("#walk-progress", ProgressBar).update(total=total, progress=review.position)
        self.query_one("#walk-item", Static).update(Content.assemble(
            (item.kind.capitalize() + ": ", "bold $primary"), Content(item.title), "\n", (item.reason, "$warning")))
        context = item_context(self.sp.repo, item, self.sp.today)
        parts: list = []
        for label, text in context.lines:
            parts += [(f"{label}: ", "bold"), Content(text), "\n"]
        self.query_one("#walk-context", Static).update(Content.assemble(*parts))
        self.query_one("#walk-notes", Static).update(
            Content.assemble(("Notes: ", "bold"), Content(item.notes)) if item.notes else "")
        answer = self.query_one("#answer", Input)
        answer.value = draft
        answer.focus()
        self.query_one("#walk-feedback", Static).update(feedback)
        self.query_one("#confirm").add_class("hidden")
        self.pending = None
        keys = "enter answers · ctrl+s skip with a reason · ctrl+o note · escape pauses"
        if item.kind in ("action", "commitment"):
            keys = "ctrl+d done · ctrl+r reschedule · ctrl+x drop · " + keys
        self.query_one("#walk-keys", Static).update(Content(keys))

    # ----- answering ---------------------------------------------------------------------------

    @on(Input.Changed, "#answer")
    def _typing(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft)

    def _save_draft(self) -> None:
        if self.sp.repo.read_only:
            return
        try:
            self.session.save_draft(self.query_one("#answer", Input).value)
        except StorageError as e:
            self.notify(str(e), severity="error", markup=False)

    @on(Input.Submitted, "#answer")
    def _answered(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#walk-feedback", Static).update(Content("What's next? Say who will do what, with whom, by when."))
            return
        try:
            verdict = self.session.answer(text)
        except StorageError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.query_one("#walk-feedback", Static).update(verdict_content(text, verdict, self.sp.today,
                                                                            "Check it below; enter saves it."))
        if not verdict.specific:
            return
        self.pending, self.pending_text = verdict, text
        self.query_one("#c-owner", Input).value = verdict.owner or ""
        self.query_one("#c-target", Input).value = verdict.target or ""
        self.query_one("#c-outcome", Input).value = verdict.outcome or ""
        self.query_one("#c-due", DateInput).set_value(verdict.due)
        self.query_one("#confirm").remove_class("hidden")
        self.query_one("#c-outcome", Input).focus()

    @on(Input.Submitted, "#confirm Input")
    def _confirmed(self) -> None:
        if self.pending is None:
            return
        owner, target, outcome = (self.query_one(f"#c-{n}", Input).value.strip() for n in ("owner", "target", "outcome"))
        due = self.query_one("#c-due", DateInput).value
        missing = [n for n, v in (("who", owner), ("aimed at", target), ("result", outcome), ("date", due)) if not v]
        if missing:
            self.query_one("#confirm-error", Static).update(Content("Still needed: " + ", ".join(missing)))
            return
        try:
            action = self.session.commit(owner=owner, target=target, outcome=outcome, due=due, sentence=self.pending_text)  # type: ignore[arg-type]
            needs = self.session.complete_item()
        except StorageError as e:
            self.query_one("#confirm-error", Static).update(Content(str(e)))
            return
        self.sp.refresh_workspace()
        saved = Content.assemble(("✓ Saved: ", "bold $success"), Content(action.sentence), "\n")
        if needs:
            self.render_item(feedback=Content.assemble(saved, ("A deal is not done until it has two next steps. ", "bold"),
                                                       Content(needs)))
        else:
            self.notify(f"Saved: {action.sentence}", markup=False, timeout=3)
            self.render_item()

    # ----- other ways through an item ----------------------------------------------------------

    def action_skip(self) -> None:
        self.app.push_screen(ReasonScreen("Skip this item", "Why is it skipped? (it goes in the summary)"),
                             self._skipped)

    def _skipped(self, reason: str | None) -> None:
        if reason:
            self._run(lambda: self.session.skip(reason))

    def action_note(self) -> None:
        who = "Manager's note" if self.session.review.kind == ReviewKind.ONE_ON_ONE else "Note"
        self.app.push_screen(ReasonScreen(who, "A note on this item (kept in the review):"),
                             lambda text: self._noted(text))

    def _noted(self, text: str | None) -> None:
        if text:
            try:
                self.session.note(text)
            except StorageError as e:
                self.notify(str(e), severity="error", markup=False)
                return
            item = self.session.item
            self.query_one("#walk-notes", Static).update(
                Content.assemble(("Notes: ", "bold"), Content(item.notes)) if item else "")

    def _is_action_item(self) -> bool:
        item = self.session.item
        if item is None or item.kind not in ("action", "commitment"):
            self.notify("Done, reschedule and drop are for action items.", timeout=3)
            return False
        return True

    def action_done(self) -> None:
        if self._is_action_item():
            self._run(self.session.mark_done)

    def action_reschedule(self) -> None:
        if not self._is_action_item():
            return
        today = self.sp.today

        def check(text: str) -> str | None:
            from ...core.dates import parse_date

            day = parse_date(text, today)
            if day is None:
                return f"{text!r} is not a date: try 'Friday', 'Dec 4', 'in 10 days'."
            return None if day > today else "The new date must be after today."

        self.app.push_screen(ReasonScreen("Reschedule", "New date? (the move is recorded as a slip)",
                                          placeholder="e.g. next Friday", check=check), self._rescheduled)

    def _rescheduled(self, text: str | None) -> None:
        if text:
            from ...core.dates import parse_date

            day = parse_date(text, self.sp.today)
            if day:
                self._run(lambda: self.session.reschedule(day), f"Moved to {describe(day, self.sp.today)}.")

    def action_drop(self) -> None:
        if self._is_action_item():
            self.app.push_screen(ReasonScreen("Drop this action", "Why is it dropped?"),
                                 lambda reason: self._run(lambda: self.session.drop(reason)) if reason else None)

    def _run(self, step, done: str = "") -> None:  # noqa: ANN001 - a no-argument callable
        try:
            step()
        except StorageError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        if done:
            self.notify(done, markup=False, timeout=3)
        self.sp.refresh_workspace()
        self.render_item()

    # ----- leaving -----------------------------------------------------------------------------

    def action_pause(self) -> None:
        self._save_draft()
        self.notify("Review paused. Press r on the Review pane to resume.", timeout=4)
        self.dismiss(None)

    def on_unmount(self) -> None:
        # Closing the app mid-review must not lose what was typed.
        if not self.session.done and not self.sp.repo.read_only:
            try:
                self.session.save_draft(self.query_one("#answer", Input).value)
            except Exception:  # noqa: BLE001 - the app is closing; a failed save was already reported on write
                pass

    def _finish(self) -> None:
        try:
            review = self.session.finish()
        except StorageError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.sp.refresh_workspace()
        self.dismiss(None)
        self.app.push_screen(ReviewSummary(review.id))
